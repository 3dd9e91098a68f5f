/* The few Win32 declarations our test binaries need, so no SDK headers are required. */
#ifndef PESCOPE_MINI_H
#define PESCOPE_MINI_H

#define WINAPI __stdcall
#define DLLEXPORT __declspec(dllexport)
#define DLLIMPORT __declspec(dllimport)
#define TRUE 1

typedef int BOOL;
typedef unsigned long DWORD;
typedef void *HANDLE;
typedef void *HMODULE;
typedef void *FARPROC;
typedef __UINTPTR_TYPE__ UINT_PTR;
typedef __WCHAR_TYPE__ WCHAR;

#endif

/*
 * A minimal __delayLoadHelper2, so lld-link's /delayload works without delayimp.lib.
 * On a thunk's first call it loads the DLL, resolves that one IAT slot by name or by ordinal
 * and patches it. No notification or failure hooks: a missing DLL or symbol yields 0.
 * Built with -DUNDER_CE it uses COREDLL's LoadLibraryW/GetProcAddressA instead of kernel32's.
 */
#include "mini.h"

/* ImgDelayDescr from delayimp.h, in its "all fields are RVAs" form (attributes == 1). */
typedef struct {
    DWORD attributes;
    DWORD dll_name;
    DWORD module_handle;
    DWORD iat;
    DWORD name_table;
    DWORD bound_iat;
    DWORD unload_iat;
    DWORD timestamp;
} DelayDescriptor;

#define ORDINAL_FLAG ((UINT_PTR)1 << (sizeof(UINT_PTR) * 8 - 1))

extern char __ImageBase[];

#ifdef UNDER_CE
DLLIMPORT HMODULE WINAPI LoadLibraryW(const WCHAR *name);
DLLIMPORT FARPROC WINAPI GetProcAddressA(HMODULE module, const char *name);

static HMODULE load(const char *name)
{
    WCHAR wide[64];
    unsigned i = 0;
    for (; name[i] && i < 63; i++)
        wide[i] = (WCHAR)name[i];
    wide[i] = 0;
    return LoadLibraryW(wide);
}
#define resolve GetProcAddressA
#else
DLLIMPORT HMODULE WINAPI LoadLibraryA(const char *name);
DLLIMPORT FARPROC WINAPI GetProcAddress(HMODULE module, const char *name);
#define load LoadLibraryA
#define resolve GetProcAddress
#endif

FARPROC WINAPI __delayLoadHelper2(const DelayDescriptor *descriptor, FARPROC *slot)
{
    HMODULE *module = (HMODULE *)(__ImageBase + descriptor->module_handle);
    if (!*module)
        *module = load(__ImageBase + descriptor->dll_name);
    if (!*module)
        return 0;

    UINT_PTR index = (UINT_PTR)(slot - (FARPROC *)(__ImageBase + descriptor->iat));
    UINT_PTR thunk = ((const UINT_PTR *)(__ImageBase + descriptor->name_table))[index];
    const char *name = (thunk & ORDINAL_FLAG)
        ? (const char *)(thunk & 0xFFFF)      /* MAKEINTRESOURCE-style ordinal */
        : __ImageBase + thunk + 2;            /* IMAGE_IMPORT_BY_NAME: skip the hint */
    FARPROC target = resolve(*module, name);
    *slot = target;
    return target;
}

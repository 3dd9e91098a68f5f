/* A console EXE without a CRT that imports from our hello DLL first, then kernel32. */
#include "mini.h"

DLLIMPORT int hello_add(int a, int b);
DLLIMPORT const char *hello_greeting(void);
DLLIMPORT void WINAPI ExitProcess(unsigned code);

void start(void)
{
    ExitProcess((unsigned)hello_add(2, 3) + (hello_greeting()[0] == 'h'));
}

/* The native side of the P/Invoke test set: each export is what one DllImport in
 * pinvoke.cs expects to bind to (or, for the missing cases, deliberately is not). */
#define EXPORT

EXPORT int __cdecl Exact(int a) { return a + 1; }              /* bound by its own name */
EXPORT int __cdecl AnsiOnlyA(const char *s) { return s != 0; }  /* CharSet.Ansi: "AnsiOnly" -> AnsiOnlyA */
EXPORT int __cdecl WideOnlyW(const unsigned short *s) { return s != 0; } /* CharSet.Unicode -> WideOnlyW */
EXPORT int __cdecl AutoPickA(const char *s) { return 1 + (s != 0); }   /* CharSet.Auto on NT picks ...W */
EXPORT int __cdecl AutoPickW(const unsigned short *s) { return 2 + (s != 0); }
EXPORT int __cdecl ExactOnlyA(const char *s) { return s != 0; } /* ExactSpelling: "ExactOnly" must NOT find this */
EXPORT int __stdcall Add(int a, long long b, double c, unsigned char d) /* x86: exported as _Add@24 */
{
    return a + (int)b + (int)c + d;
}
int __cdecl SeventhByOrdinal(void) { return 7; }                /* exported as ordinal 7 only */

int __stdcall DllMainCRTStartup(void *module, unsigned reason, void *reserved)
{
    (void)module; (void)reason; (void)reserved;
    return 1;
}

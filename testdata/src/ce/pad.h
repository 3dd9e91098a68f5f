/*
 * Zero-initialised padding that sets a CE DLL's SizeOfImage: build.sh passes -DPAD_BYTES=n and
 * tools/check.py asserts the resulting size. lld-link merges .bss into .data, so the padding
 * costs virtual size only, not file size. pad_touch keeps the array from being discarded.
 */
#ifndef PAD_BYTES
#define PAD_BYTES 4
#endif

static char pad[PAD_BYTES];

#define PAD_TOUCH(name) DLLEXPORT int name(unsigned i) { pad[i % PAD_BYTES] ^= 1; return pad[0]; }

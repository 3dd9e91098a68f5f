#!/usr/bin/env bash
# Rebuilds every binary under testdata/{bin,deps,ce,sxs,apiset} from testdata/src, deterministically
# (mingw: --no-insert-timestamp; lld-link: /Brepro), then checks them with tools/check.py.
#
# Usage:  testdata/build.sh          (from any directory; intermediates go to a temp dir)
#
# Debian packages needed (bookworm):
#   gcc-mingw-w64-x86-64-win32 gcc-mingw-w64-i686-win32   (x86_64/i686-w64-mingw32-gcc, GNU ld)
#   clang-14 lld-14 llvm-14                               (clang-14, lld-link-14, llvm-dlltool-14)
#   binutils-mingw-w64-x86-64                             (x86_64-w64-mingw32-windres: RT_MANIFEST)
#   python3 python3-pefile                                (tools/*.py)
#   mono-mcs                                              (mcs, for clr/pinvoke.exe)
#
# Import libraries for system DLLs (kernel32, COREDLL) come from our own src/sys/*.def files,
# generated with llvm-dlltool-14, never from the mingw sysroot.
set -euo pipefail

cd "$(dirname "$0")"
TD=$PWD
OBJ=$(mktemp -d)
trap 'rm -rf "$OBJ"' EXIT
PY=/usr/bin/python3

# ---------------------------------------------------------------- toolchain wrappers

GCC_FLAGS=(-O2 -Wall -Wextra -Werror -ffreestanding -fno-ident -Isrc/include
           -nostdlib -Wl,--no-insert-timestamp)
STRIP=(-s)   # every mingw image except longnames-x64.dll drops its COFF symbol table

# implib MACHINE DEF OUT [-k]: an import library from one of our .def files.
implib() { llvm-dlltool-14 -m "$1" -d "$2" -l "$3" "${@:4}"; }

# cc TARGET SRC OUT [FLAGS...]: compile one C file with clang-14 for an MSVC target.
cc() {
    clang-14 --target="$1" -O2 -Wall -Wextra -Werror -ffreestanding -fno-stack-protector \
        -Isrc/include -c "$2" -o "$3" "${@:4}"
}

# libof OUT: where link() leaves the import library of the image it wrote to OUT.
libof() { echo "$OBJ/${1//\//_}.lib"; }

# link OUT [ARGS...]: lld-link-14 with no default libraries and a reproducible timestamp.
# A DLL's import library always goes to $OBJ (see libof) so nothing stray lands in testdata/.
link() {
    local out=$1; shift
    lld-link-14 /nologo /nodefaultlib /Brepro /out:"$out" /implib:"$(libof "$out")" "$@"
}

# ---------------------------------------------------------------- system import libraries

implib i386        src/sys/kernel32-x86.def "$OBJ/kernel32-x86.lib" -k
implib i386:x86-64 src/sys/kernel32.def     "$OBJ/kernel32-x64.lib"
implib arm         src/sys/kernel32.def     "$OBJ/kernel32-arm.lib"
implib arm64       src/sys/kernel32.def     "$OBJ/kernel32-arm64.lib"
implib arm         src/sys/coredll.def      "$OBJ/coredll.lib"

# ---------------------------------------------------------------- 1. foundation set: bin/

mkdir -p bin
F=src/foundation

# mingw gcc, x86 and x64: a DLL and an EXE that imports it.
i686-w64-mingw32-gcc "${GCC_FLAGS[@]}" "${STRIP[@]}" -shared -Wl,-e,_DllMainCRTStartup@12 \
    -Wl,--out-implib,"$OBJ/gcc-x86.dll.a" $F/hello-dll.c "$OBJ/kernel32-x86.lib" -o bin/gcc-x86.dll
i686-w64-mingw32-gcc "${GCC_FLAGS[@]}" "${STRIP[@]}" -Wl,-e,_start \
    $F/hello-exe.c "$OBJ/gcc-x86.dll.a" "$OBJ/kernel32-x86.lib" -o bin/gcc-x86.exe
x86_64-w64-mingw32-gcc "${GCC_FLAGS[@]}" "${STRIP[@]}" -shared -Wl,-e,DllMainCRTStartup \
    -Wl,--out-implib,"$OBJ/gcc-x64.dll.a" $F/hello-dll.c "$OBJ/kernel32-x64.lib" -o bin/gcc-x64.dll
x86_64-w64-mingw32-gcc "${GCC_FLAGS[@]}" "${STRIP[@]}" -Wl,-e,start \
    $F/hello-exe.c "$OBJ/gcc-x64.dll.a" "$OBJ/kernel32-x64.lib" -o bin/gcc-x64.exe

# clang + lld-link: the same DLL source for ARMNT (0x1C4) and ARM64 (0xAA64).
cc armv7-pc-windows-msvc $F/hello-dll.c "$OBJ/hello-armnt.obj"
link bin/clang-armnt.dll /dll /machine:arm /entry:DllMainCRTStartup \
    "$OBJ/hello-armnt.obj" "$OBJ/kernel32-arm.lib"
cc aarch64-pc-windows-msvc $F/hello-dll.c "$OBJ/hello-arm64.obj"
link bin/clang-arm64.dll /dll /machine:arm64 /entry:DllMainCRTStartup \
    "$OBJ/hello-arm64.obj" "$OBJ/kernel32-arm64.lib"

# Shared sections (IMAGE_SCN_MEM_SHARED), once per toolchain idiom.
x86_64-w64-mingw32-gcc "${GCC_FLAGS[@]}" "${STRIP[@]}" -shared -Wl,-e,DllMainCRTStartup \
    $F/shared-gcc.c -o bin/shared-gcc-x64.dll
cc i686-pc-windows-msvc $F/shared-msvc.c "$OBJ/shared-msvc.obj"
link bin/shared-lld-x86.dll /dll /machine:x86 /noentry /section:.shared,RWS "$OBJ/shared-msvc.obj"

# Unstripped mingw DLL with DWARF: section names longer than 8 bytes are written as "/NN",
# an offset into the COFF string table. Debug paths are made relative for reproducibility.
x86_64-w64-mingw32-gcc "${GCC_FLAGS[@]}" -g -fdebug-prefix-map="$TD"=. -shared \
    -Wl,-e,DllMainCRTStartup $F/hello-dll.c "$OBJ/kernel32-x64.lib" -o bin/longnames-x64.dll

# ---------------------------------------------------------------- 2. imports/exports: bin/impexp/

# impexp ARCH TARGET MACHINE: exporter.dll, delayed.dll, importer.exe and bound.exe for one arch.
impexp() {
    local out=bin/impexp/$1 o="$OBJ/impexp-$1" k32="$OBJ/kernel32-$1.lib"
    mkdir -p "$out" "$o"
    for f in src/impexp/*.c src/common/delayhelper.c; do
        cc "$2" "$f" "$o/$(basename "${f%.c}").obj"
    done
    link "$out/delayed.dll" /dll /noentry /machine:"$3" /def:src/impexp/delayed.def "$o/delayed.obj"
    # lld-link 14 prefixes a .def forwarder's target with "_" on i386 ("_kernel32.HeapAlloc"),
    # so there the forwarder lines move from the .def to /export: options, which it leaves alone.
    local def=src/impexp/exporter.def fwd=()
    if [[ $1 == x86 ]]; then
        def="$o/exporter.def"
        grep -v ' = ' src/impexp/exporter.def > "$def"
        mapfile -t fwd < <(sed -nE 's/^ *([^ ;]+) = ([^ ;]+).*/\/export:\1=\2/p' \
                           src/impexp/exporter.def)
    fi
    link "$out/exporter.dll" /dll /noentry /machine:"$3" /def:"$def" "${fwd[@]}" "$o/exporter.obj"
    link "$out/importer.exe" /subsystem:console /entry:start /machine:"$3" \
        "$o/importer.obj" "$o/delayhelper.obj" \
        "$(libof "$out/exporter.dll")" "$(libof "$out/delayed.dll")" "$k32" \
        /delayload:delayed.dll
    link "$out/bound.exe" /subsystem:console /entry:start /machine:"$3" \
        "$o/bound.obj" "$(libof "$out/exporter.dll")"
    "$PY" tools/bind.py "$out/bound.exe" "$out/exporter.dll"
}
impexp x64 x86_64-pc-windows-msvc x64
impexp x86 i686-pc-windows-msvc x86

# ---------------------------------------------------------------- 3. dependency graph: deps/

# x64 throughout, except the ARM64 libA.dll decoy in deps/wrongarch/. deps/README.md holds the
# expected graph; the import order of each image is the order of its import libraries below.
D=src/deps
o="$OBJ/deps"
mkdir -p deps/lib deps/wrongarch "$o"
for f in $D/*.c src/common/dllmain.c src/common/delayhelper.c; do
    cc x86_64-pc-windows-msvc "$f" "$o/$(basename "${f%.c}").obj"
done
for f in libA-claimed nothere cycA cycB; do
    implib i386:x86-64 "$D/$f.def" "$o/$f.lib"
done
dll() { link "$@" /dll /machine:x64 /entry:DllMainCRTStartup "$o/dllmain.obj"; }

dll deps/lib/libA.dll "$o/libA.obj"
dll deps/lib/libB.dll "$o/libB.obj" "$(libof deps/lib/libA.dll)"
dll deps/lib/libC.dll "$o/libC.obj" "$(libof deps/lib/libA.dll)"
dll deps/lib/cycA.dll "$o/cycA.obj" "$o/cycB.lib"
dll deps/lib/cycB.dll "$o/cycB.obj" "$o/cycA.lib"
link deps/lib/fwd1.dll /dll /machine:x64 /noentry /def:$D/fwd1.def "$o/fwd.obj"
link deps/lib/fwd2.dll /dll /machine:x64 /noentry /def:$D/fwd2.def "$o/fwd.obj"
link deps/app.exe /subsystem:console /entry:start /machine:x64 "$o/app.obj" "$o/delayhelper.obj" \
    "$(libof deps/lib/libB.dll)" "$o/libA-claimed.lib" "$o/nothere.lib" \
    "$(libof deps/lib/cycA.dll)" "$(libof deps/lib/fwd1.dll)" "$OBJ/kernel32-x64.lib" \
    "$(libof deps/lib/libC.dll)" /delayload:libC.dll

cc aarch64-pc-windows-msvc $D/libA.c "$o/libA-arm64.obj"
cc aarch64-pc-windows-msvc src/common/dllmain.c "$o/dllmain-arm64.obj"
link deps/wrongarch/libA.dll /dll /machine:arm64 /entry:DllMainCRTStartup \
    "$o/libA-arm64.obj" "$o/dllmain-arm64.obj"

# ---------------------------------------------------------------- 4. Windows CE: ce/

# ARM (Thumb-2) images linked as ARMNT with subsystem version 4.20, then given CE headers by
# tools/cepatch.py (machine 0x1C2, subsystem 9, checksum). PAD_BYTES sets each SizeOfImage;
# ce/README.md lists the sizes and check.py asserts them. Link order = import order.
C=src/ce
o="$OBJ/ce"
mkdir -p ce "$o"
cc armv7-pc-windows-msvc src/common/dllmain.c "$o/dllmain.obj"
cc armv7-pc-windows-msvc src/common/delayhelper.c "$o/delayhelper.obj" -DUNDER_CE
ce_cc() { cc armv7-pc-windows-msvc "$C/$1.c" "$o/$1.obj" -DPAD_BYTES="$2"; }
ce_dll() {
    local name=$1; shift
    link "ce/$name.dll" /dll /machine:arm /subsystem:windows,4.20 "$@"
    "$PY" tools/cepatch.py $([[ $name == fixed ]] && echo --fixed) "ce/$name.dll"
}
ce_lib() { libof "ce/$1.dll"; }
for m in small2:4 small3:0xB800 lazy:4 small1:0x1800 medium:0x13800 big:0x1C800 large:0x1B800; do
    ce_cc "${m%%:*}" "${m#*:}"
done
cc armv7-pc-windows-msvc $C/fixed.c "$o/fixed.obj"
cc armv7-pc-windows-msvc $C/app.c "$o/app.obj"

E=(/entry:DllMainCRTStartup "$o/dllmain.obj")
ce_dll small2 "${E[@]}" "$o/small2.obj" "$OBJ/coredll.lib"
ce_dll small3 "${E[@]}" "$o/small3.obj"
ce_dll lazy   "${E[@]}" "$o/lazy.obj"
ce_dll fixed  /entry:DllMainCRTStartup "$o/fixed.obj"
ce_dll small1 "${E[@]}" "$o/small1.obj" "$(ce_lib small2)"
ce_dll medium "${E[@]}" "$o/medium.obj" "$(ce_lib small3)"
ce_dll big    "${E[@]}" "$o/big.obj" "$(ce_lib small1)" "$OBJ/coredll.lib"
ce_dll large  "${E[@]}" "$o/large.obj" "$(ce_lib medium)" "$(ce_lib small1)" "$OBJ/coredll.lib"
link ce/app.exe /machine:arm /subsystem:windows,4.20 /entry:WinMainCRTStartup \
    "$o/app.obj" "$o/delayhelper.obj" \
    "$(ce_lib big)" "$(ce_lib large)" "$(ce_lib fixed)" "$OBJ/coredll.lib" \
    "$(ce_lib lazy)" /delayload:lazy.dll
"$PY" tools/cepatch.py ce/app.exe

# ---------------------------------------------------------------- 5. security checks: check/

# Each `pescope check` rule both ways (check/README.md lists which file passes or fails what).
# src/check/loadcfg.c is the load configuration a CRT would bring: /GS cookie, CFG and SafeSEH.
K=src/check
o="$OBJ/check"
mkdir -p check "$o"
for t in x64:x86_64 x86:i686; do
    a=${t%%:*}
    cc "${t#*:}-pc-windows-msvc" $F/hello-dll.c "$o/hello-$a.obj" -Xclang -cfguard
    cc "${t#*:}-pc-windows-msvc" $K/loadcfg.c "$o/loadcfg-$a.obj"
done
clang-14 --target=i686-pc-windows-msvc -c $K/safeseh-x86.s -o "$o/safeseh-x86.obj"
cc x86_64-pc-windows-msvc $K/wx.c "$o/wx.obj"
cc x86_64-pc-windows-msvc $K/driver.c "$o/driver.obj"
HX=(/dll /machine:x64 /entry:DllMainCRTStartup "$o/hello-x64.obj" "$OBJ/kernel32-x64.lib")
HX86=(/dll /machine:x86 /entry:DllMainCRTStartup "$o/hello-x86.obj" "$OBJ/kernel32-x86.lib")
# Everything on: ASLR (64-bit high entropy), NX, CFG, /GS cookie, CET, SafeSEH (x86).
link check/hardened-x64.dll "${HX[@]}" "$o/loadcfg-x64.obj" /dynamicbase /highentropyva /nxcompat /guard:cf /cetcompat
link check/hardened-x86.dll "${HX86[@]}" "$o/loadcfg-x86.obj" "$o/safeseh-x86.obj" /dynamicbase /nxcompat /guard:cf /cetcompat /safeseh
# Everything off: fixed base, no NX, no load configuration (so no CFG table, cookie or SafeSEH).
link check/weak-x64.dll "${HX[@]}" /dynamicbase:no /highentropyva:no /nxcompat:no
link check/weak-x86.dll "${HX86[@]}" /dynamicbase:no /nxcompat:no /safeseh:no
# ASLR asked for but impossible: relocations stripped (/FIXED), DYNAMIC_BASE set afterwards
# (the linker drops the flag with the relocations; a post-link edit or another linker leaves it).
link check/norelocs-x64.dll "${HX[@]}" /fixed /nxcompat
"$PY" tools/patch_header.py check/norelocs-x64.dll --add-dll-characteristics 0x40
# A writable and executable section; imports merged into the executable .text section.
link check/wx-x64.dll /dll /machine:x64 /noentry /dynamicbase /nxcompat /section:.wx,RWE "$o/wx.obj"
link check/execimports-x64.dll "${HX[@]}" /dynamicbase /nxcompat /merge:.rdata=.text
# A driver without a checksum, and the same driver with the checksum the loader requires.
link check/driver-x64.sys /driver /subsystem:native /machine:x64 /entry:DriverEntry /dynamicbase /nxcompat "$o/driver.obj"
cp check/driver-x64.sys check/driver-checksum-x64.sys
"$PY" tools/patch_header.py check/driver-checksum-x64.sys --checksum
# ---------------------------------------------------------------- 5. .NET P/Invoke: clr/

# A C# assembly (Debian mono-mcs) with one DllImport per way the CLR binds an entry point, and a
# native clrnative.dll (mingw) for x86 and x64 with the exports those imports expect. mcs writes
# a fresh MVID and timestamp on every build, so pinvoke.exe is the one image here that is not
# byte-for-byte reproducible; its metadata rows are. x86 exports the stdcall Add as _Add@24.
mkdir -p clr/x86 clr/x64 "$OBJ/clr"
sed 's/ADD_EXPORT/_Add@24 = Add@24/' src/clr/clrnative.def > "$OBJ/clr/x86.def"
sed 's/ADD_EXPORT/Add/' src/clr/clrnative.def > "$OBJ/clr/x64.def"
i686-w64-mingw32-gcc "${GCC_FLAGS[@]}" "${STRIP[@]}" -shared -Wl,-e,_DllMainCRTStartup@12 \
    src/clr/clrnative.c "$OBJ/clr/x86.def" -o clr/x86/clrnative.dll
x86_64-w64-mingw32-gcc "${GCC_FLAGS[@]}" "${STRIP[@]}" -shared -Wl,-e,DllMainCRTStartup \
    src/clr/clrnative.c "$OBJ/clr/x64.def" -o clr/x64/clrnative.dll
mcs -nologo -target:exe -out:clr/pinvoke.exe src/clr/pinvoke.cs
mcs -nologo -target:exe -platform:x64 -out:clr/pinvoke-x64.exe src/clr/pinvoke.cs
# ---------------------------------------------------------------- 5. side by side: sxs/, API sets: apiset/

# x64, clang + lld-link. sxs/README.md holds the expected resolution of each EXE. Manifests are
# embedded as RT_MANIFEST #1 from a .res that mingw's windres compiles; the *-external.exe twins
# carry the same manifest as a NAME.exe.manifest file beside them instead.
S=src/sxs
o="$OBJ/sxs"
SXS_HASH=0f1e2d3c4b5a6978
SHARED_KEY=amd64_pescope.shared_0123456789abcdef_2.0.0.0_none_$SXS_HASH
mkdir -p sxs/Pescope.Private sxs/dotlocal.exe.local "sxs/winsxs/Manifests" "sxs/winsxs/$SHARED_KEY" "$o"
for f in app shared dotlocal plain shareddep; do
    cc x86_64-pc-windows-msvc "$S/$f.c" "$o/$f.obj"
done
cc x86_64-pc-windows-msvc $S/redirected.c "$o/redirected1.obj" -DWHICH=1
cc x86_64-pc-windows-msvc $S/redirected.c "$o/redirected2.obj" -DWHICH=2
cc x86_64-pc-windows-msvc src/common/dllmain.c "$o/dllmain.obj"
for f in app shared; do
    (cd $S && x86_64-w64-mingw32-windres -O res $f.rc "$o/$f.res")
done
sdll() { link "$@" /dll /machine:x64 /entry:DllMainCRTStartup "$o/dllmain.obj"; }
sdll sxs/redirected.dll "$o/redirected1.obj"
sdll sxs/Pescope.Private/redirected.dll "$o/redirected2.obj"
sdll sxs/plain.dll "$o/plain.obj"
sdll sxs/dotlocal.exe.local/plain.dll "$o/plain.obj"
sdll "sxs/winsxs/$SHARED_KEY/shareddep.dll" "$o/shareddep.obj"
sexe() { link "$@" /subsystem:console /entry:start /machine:x64 /manifest:no; }
sexe sxs/app.exe "$o/app.obj" "$o/app.res" "$(libof sxs/redirected.dll)" "$(libof sxs/plain.dll)"
sexe sxs/app-external.exe "$o/app.obj" "$(libof sxs/redirected.dll)" "$(libof sxs/plain.dll)"
sexe sxs/shared.exe "$o/shared.obj" "$o/shared.res" "$(libof "sxs/winsxs/$SHARED_KEY/shareddep.dll")"
sexe sxs/shared-external.exe "$o/shared.obj" "$(libof "sxs/winsxs/$SHARED_KEY/shareddep.dll")"
sexe sxs/dotlocal.exe "$o/dotlocal.obj" "$(libof sxs/plain.dll)"
cp $S/app.manifest sxs/app-external.exe.manifest
cp $S/shared.manifest sxs/shared-external.exe.manifest
cp $S/Pescope.Private.manifest sxs/Pescope.Private/Pescope.Private.manifest
cp $S/Pescope.Shared.manifest "sxs/winsxs/Manifests/$SHARED_KEY.manifest"

A=src/apiset
o="$OBJ/apiset"
mkdir -p apiset "$o"
cc x86_64-pc-windows-msvc $A/apiset.c "$o/apiset.obj"
for f in synch crt-runtime crt-stdio; do
    implib i386:x86-64 "$A/$f.def" "$o/$f.lib"
done
link apiset/apiset.exe /subsystem:console /entry:start /machine:x64 "$o/apiset.obj" \
    "$o/synch.lib" "$o/crt-runtime.lib" "$o/crt-stdio.lib"

# ---------------------------------------------------------------- checks

"$PY" tools/check.py

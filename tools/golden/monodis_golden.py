#!/usr/bin/python3
"""The ModuleRef, AssemblyRef and ImplMap rows of .NET assemblies, as monodis (Debian mono-utils)
prints them, in one normalised line per row for ClrOracleTest.

  tools/golden/monodis_golden.py FILE        print the rows of FILE
  tools/golden/monodis_golden.py --all       rewrite src/test/resources/golden-mono/ from the
                                             Debian Mono assemblies listed in ASSEMBLIES

Lines (fields tab-separated):
  sha256   <hex of the file>                 (the golden is only valid for this exact file)
  moduleref <row> <name>
  assemblyref <row> <name> <version> <flags> <public key or token, lower-case hex>
  implmap <row> <mapping flags, decimal> <entry point> <module> <Namespace.Type/Nested::Method>
"""
import hashlib
import os
import re
import subprocess
import sys

ASSEMBLIES = ["mscorlib.dll", "System.dll", "System.Core.dll", "System.Drawing.dll", "System.Data.dll",
              "Mono.Posix.dll", "Mono.Data.Sqlite.dll", "Mono.Security.dll", "System.Configuration.dll",
              "System.Xml.dll", "System.Security.dll", "System.Numerics.dll", "Microsoft.CSharp.dll",
              "System.Windows.Forms.dll", "Mono.WebBrowser.dll", "Accessibility.dll"]
MONO_DIR = "/usr/lib/mono/4.5"
GOLDEN_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "src", "test", "resources", "golden-mono")


def monodis(option, path):
    return subprocess.run(["monodis", option, path], check=True, capture_output=True, text=True).stdout


def rows(path):
    out = ["sha256\t" + hashlib.sha256(open(path, "rb").read()).hexdigest()]
    for line in monodis("--moduleref", path).splitlines():
        m = re.match(r"^(\d+): (.*)$", line)
        if m:
            out.append("moduleref\t%s\t%s" % (m.group(1), m.group(2)))
    row = None
    for line in monodis("--assemblyref", path).splitlines():
        m = re.match(r"^(\d+): Version=(.*)$", line)
        if m:
            if row:
                out.append(assemblyref(row))
            row = {"row": m.group(1), "version": m.group(2), "key": ""}
            continue
        m = re.match(r"^\tName=(.*)$", line)
        if m and row is not None:
            row["name"] = m.group(1)
        m = re.match(r"^\tFlags=0x([0-9A-Fa-f]+)$", line)
        if m and row is not None:
            row["flags"] = "%d" % int(m.group(1), 16)
        m = re.match(r"^0x[0-9A-Fa-f]{8}: ((?:[0-9A-F]{2} )+)$", line)
        if m and row is not None:
            row["key"] += m.group(1).replace(" ", "").lower()
    if row:
        out.append(assemblyref(row))
    for line in monodis("--implmap", path).splitlines():
        m = re.match(r"^(\d+): .*?(\S+)::([^(]+)\(.*\) (\d+) \((\S+) (.*)\)$", line)
        if m:
            out.append("implmap\t%s\t%s\t%s\t%s\t%s::%s" % (m.group(1), m.group(4), m.group(5), m.group(6),
                                                         m.group(2), m.group(3)))
    return out


def assemblyref(row):
    return "assemblyref\t%s\t%s\t%s\t%s\t%s" % (row["row"], row["name"], row["version"], row["flags"], row["key"])


def main(argv):
    if argv[1:] == ["--all"]:
        os.makedirs(GOLDEN_DIR, exist_ok=True)
        for name in ASSEMBLIES:
            with open(os.path.join(GOLDEN_DIR, name + ".txt"), "w") as f:
                f.write("\n".join(rows(os.path.join(MONO_DIR, name))) + "\n")
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    print("\n".join(rows(argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

package pescope.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the side-by-side loader reads from a manifest, and what it refuses. */
class AssemblyManifestTest {

    @Test
    void readsTheDependentAssembliesOfACommonControlsManifestWithMixedNamespaces() {
        AssemblyManifest manifest = AssemblyManifest.parse("""
                \uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0" xmlns:asmv3="urn:schemas-microsoft-com:asm.v3">
                  <assemblyIdentity type="win32" name="Contoso.App" version="1.2.3.4" processorArchitecture="amd64"/>
                  <asmv3:application><asmv3:windowsSettings/></asmv3:application>
                  <dependency>
                    <dependentAssembly>
                      <assemblyIdentity type="win32" name="Microsoft.Windows.Common-Controls" version="6.0.0.0"
                          processorArchitecture="*" publicKeyToken="6595b64144ccf1df" language="*"/>
                    </dependentAssembly>
                  </dependency>
                </assembly>
                """);

        assertEquals(new AssemblyIdentity("Contoso.App", "1.2.3.4", "amd64", "", ""), manifest.identity());
        assertEquals(List.of(new AssemblyIdentity("Microsoft.Windows.Common-Controls", "6.0.0.0", "*", "6595b64144ccf1df", "*")),
                manifest.dependencies());
        assertEquals("Microsoft.Windows.Common-Controls 6.0.0.0 6595b64144ccf1df", manifest.dependencies().get(0).toString());
    }

    @Test
    void readsTheFilesOfAnAssembly() {
        AssemblyManifest manifest = AssemblyManifest.parse(
                "<assembly xmlns='urn:schemas-microsoft-com:asm.v1'><assemblyIdentity name='A' version='1.0.0.0'/>"
                        + "<file name='a.dll'/><file name='b.dll'><comClass clsid='{00000000-0000-0000-0000-000000000000}'/></file></assembly>");

        assertEquals(List.of("a.dll", "b.dll"), manifest.files());
    }

    @Test
    void refusesADocumentTypeDeclarationSoNoEntityIsExpanded() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AssemblyManifest.parse(
                "<!DOCTYPE a [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><assembly><file name='&x;'/></assembly>"));

        assertTrue(e.getMessage().startsWith("not a well-formed manifest: "), e.getMessage());
    }

    @Test
    void keysAWinSxsFolderByArchNameTokenVersionAndLanguage() {
        AssemblyIdentity comctl = new AssemblyIdentity("Microsoft.Windows.Common-Controls", "6.0.0.0", "amd64", "6595b64144ccf1df", "*");

        assertTrue(SideBySide.keyMatches(
                "amd64_microsoft.windows.common-controls_6595b64144ccf1df_6.0.0.0_none_a8625c1886757984", comctl));
        assertTrue(!SideBySide.keyMatches(
                "x86_microsoft.windows.common-controls_6595b64144ccf1df_6.0.0.0_none_a8625c1886757984", comctl));
        assertTrue(!SideBySide.keyMatches(
                "amd64_microsoft.windows.common-controls_6595b64144ccf1df_5.82.0.0_none_a8625c1886757984", comctl));
    }
}

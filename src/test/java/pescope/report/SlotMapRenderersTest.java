package pescope.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import pescope.ce.CeModule;
import pescope.ce.Device;
import pescope.ce.InMemoryModuleCatalog;
import pescope.ce.ProcessAllocation;
import pescope.ce.SlotAllocator;
import pescope.ce.SlotMap;
import pescope.ce.Step;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotMapRenderersTest {

    /** KB326163's Pocket PC 2002 case plus KB303444's heap clash, in two processes. */
    private static SlotMap sample() {
        Device device = Device.bare("Pocket PC 2002-like", 3).withRomTop(0x00AB0000L)
                .withProcessAllocations(List.of(new ProcessAllocation("b.exe", 0x00A00000L, 0x80000, "heap")));
        InMemoryModuleCatalog catalog = InMemoryModuleCatalog.of(
                CeModule.builder("a.exe").imports("x.dll").delayImports("lazy.dll").build(),
                CeModule.builder("x.dll").sizeOfImage(0x18000).build(),
                CeModule.builder("lazy.dll").sizeOfImage(0x20000).build(),
                CeModule.builder("b.exe").build(),
                CeModule.builder("y.dll").sizeOfImage(0x20000).build());
        return new SlotAllocator(device, catalog).run(List.of(new Step.Start("a.exe"), new Step.Start("b.exe"),
                new Step.LoadLibrary("b.exe", "x.dll"), new Step.LoadLibrary("b.exe", "y.dll")));
    }

    @Test
    void textShowsTheMapFromTheTopDownWithTheDllLoadLineTotalsFailuresAndAdvice() {
        String text = new SlotMapText().render(sample());

        assertTrue(text.contains("0x00AB0000-0x02000000"), text);
        assertTrue(text.contains("0x00A90000-0x00AB0000     128 KB      2     32 KB  x.dll  RAM DLL, SizeOfImage 0x18000, loaded by a.exe"), text);
        assertTrue(text.contains("-------------------- DLL_LOW 0x00A70000 --------------------"), text);
        assertTrue(text.contains("EXE a.exe"), text);
        assertTrue(text.contains("main thread stack"), text);
        assertTrue(text.contains("y.dll: error 14, ERROR_OUTOFMEMORY"), text);
        assertTrue(text.contains("64 KB slack wasted      32 KB"), text);
        assertTrue(text.contains("a.exe delay-loads lazy.dll: when first used it would reserve 2 more blocks (128 KB)."), text);
        assertTrue(text.indexOf("ROM DLLs") < text.indexOf("x.dll") && text.indexOf("x.dll") < text.indexOf("EXE a.exe"), text);
    }

    @Test
    void jsonHasTheAgreedShape() throws Exception {
        JsonNode root = new ObjectMapper().readTree(new SlotMapJson().render(sample()));

        assertEquals(3, root.get("ceVersion").asInt());
        assertEquals(0x00A70000L, root.get("dllLow").asLong());
        assertEquals(0x00AB0000L, root.get("romLow").asLong());
        JsonNode x = root.get("globalMap").get(1);
        assertEquals("x.dll", x.get("module").asText());
        assertEquals(0x00A90000L, x.get("base").asLong());
        assertEquals(2, x.get("blocks").asInt());
        JsonNode b = root.get("processes").get(1);
        assertEquals("b.exe", b.get("root").asText());
        JsonNode module = b.get("modules").get(1);
        for (String field : List.of("name", "path", "base", "sizeOfImage", "blocks", "slack", "rom", "loadedBy")) {
            assertTrue(module.has(field), field);
        }
        assertTrue(b.get("allocations").isArray());
        assertTrue(b.get("freeBytes").isNumber());
        JsonNode failure = b.get("failures").get(0);
        assertEquals("y.dll", failure.get("module").asText());
        assertEquals(14, failure.get("error").asInt());
        assertTrue(failure.get("reason").asText().startsWith("ERROR_OUTOFMEMORY"));
    }

    @Test
    void svgIsWellFormedWithOneColumnPerProcessPlusTheGlobalMap() throws Exception {
        String svg = new SlotMapSvg().render(sample());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));

        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(svg.contains(">global DLL map<"));
        assertTrue(svg.contains(">process a.exe<"));
        assertTrue(svg.contains(">process b.exe<"));
        assertTrue(svg.contains("DLL_LOW"));
        assertTrue(svg.contains("x.dll  0x00A90000  2 blk, slack 32 KB"));
        assertTrue(svg.contains("missing") || svg.contains("y.dll: error 14"));
    }

    @Test
    void ce6OutputSaysSlotPressureNoLongerApplies() {
        SlotMap map = new SlotAllocator(Device.bare("CE 6.0", 6).withRomTop(0x40030000L),
                InMemoryModuleCatalog.of(CeModule.builder("a.exe").imports("x.dll").build(), CeModule.builder("x.dll").build()))
                .start("a.exe");

        assertTrue(new SlotMapText().render(map).contains("no longer applies"));
        assertTrue(new SlotMapSvg().render(map).contains("no longer applies"));
        assertTrue(new SlotMapJson().render(map).contains("\"slotPressureApplies\" : false"));
    }
}

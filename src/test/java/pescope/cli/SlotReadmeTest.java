package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's slot example and the SVG it shows (docs/slot-ppc2002.svg) are what pescope prints
 * today. When the output changes on purpose, run the command in the README again and paste it.
 */
class SlotReadmeTest {
    private static final String[] RUN = {"slot", "--device", "testdata/ce/ppc2002.json", "--no-rollback",
        "--heap", "app.exe=10176K", "--load", "app.exe=lazy.dll"};

    @Test
    void readmeShowsWhatTheSlotCommandPrints() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        List<String> args = new ArrayList<>(List.of(RUN));
        args.addAll(List.of("--compare", "testdata/ce/app.exe"));
        String prompt = "$ ./pescope " + String.join(" ", args) + "\n";
        int start = readme.indexOf(prompt);
        assertTrue(start >= 0, "README has no block starting with " + prompt);
        int end = readme.indexOf("```", start);
        InProcessCli.Run run = InProcessCli.run(args.toArray(String[]::new));

        assertEquals(1, run.exitCode(), run.err());
        assertEquals(readme.substring(start + prompt.length(), end), run.out());
    }

    @Test
    void readmeShowsTheTopDownWhatIfsAsPrinted() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String[] args = {"slot", "--ce", "3", "--alloc", "small3.dll=192K:top-down", "--load", "small3.dll=big.dll", "--compare",
            "testdata/ce/big.dll", "testdata/ce/small3.dll"};
        String prompt = "$ ./pescope " + String.join(" ", args) + "\n...\n";
        int start = readme.indexOf(prompt);
        assertTrue(start >= 0, "README has no block starting with " + prompt);
        int end = readme.indexOf("```", start);
        InProcessCli.Run run = InProcessCli.run(args);

        String out = run.out();
        assertEquals(readme.substring(start + prompt.length(), end), out.substring(out.indexOf("What would help")));
    }

    @Test
    void theSvgInDocsIsTheSameRunDrawn() throws Exception {
        List<String> args = new ArrayList<>(List.of(RUN));
        args.addAll(List.of("--format", "svg", "testdata/ce/app.exe"));
        InProcessCli.Run run = InProcessCli.run(args.toArray(String[]::new));

        assertEquals(Files.readString(Path.of("docs/slot-ppc2002.svg")), run.out());
    }
}

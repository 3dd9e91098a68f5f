package pescope.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import pescope.pe.NameDecoding;

/**
 * The command line as the bytes that were typed. The JVM decodes its arguments, and file names,
 * in the locale's charset: under the POSIX locale (LANG unset: cron, containers, ssh without
 * locale forwarding) "café.dll" is lost before {@code main} runs, and in any locale a file name
 * that is not UTF-8 arrives as U+FFFD. Linux keeps the bytes in /proc/self/cmdline.
 */
final class RawArguments {

    /** Set for a run started by {@link #relaunchUnderUtf8}: its arguments are percent-encoded bytes. */
    static final String RELAUNCHED = "PESCOPE_PERCENT_ENCODED_ARGS";
    private static final Path CMDLINE = Path.of("/proc/self/cmdline");

    private RawArguments() {}

    /**
     * Under the C or POSIX locale, runs this command again with LC_CTYPE=C.UTF-8 and returns its
     * exit code, as Python does for the same locale (PEP 538): a locale that names no charset
     * means "no preference", and UTF-8 is what file names on Linux are. Empty when no second run
     * is needed or possible; this run then goes on as it can.
     */
    static OptionalInt relaunchUnderUtf8(String[] args) {
        if (isUtf8(System.getProperty("sun.jnu.encoding")) || System.getenv(RELAUNCHED) != null || !localeIsCOrPosix()) {
            return OptionalInt.empty();
        }
        List<byte[]> raw = commandLine(args);
        if (raw == null) {
            return OptionalInt.empty();
        }
        List<String> command = new ArrayList<>();
        for (byte[] word : raw.subList(0, raw.size() - args.length)) {
            if (!isAscii(word)) {
                return OptionalInt.empty();
            }
            command.add(new String(word, StandardCharsets.US_ASCII));
        }
        ProcessHandle.current().info().command().ifPresent(java -> command.set(0, java));
        raw.subList(raw.size() - args.length, raw.size()).forEach(word -> command.add(percentEncode(word)));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> environment = builder.environment();
        environment.put("LC_CTYPE", "C.UTF-8");
        if (environment.containsKey("LC_ALL")) {
            environment.put("LC_ALL", "C.UTF-8");
        }
        environment.put(RELAUNCHED, "1");
        try {
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            return OptionalInt.of(process.waitFor());
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(ExitCodes.UNREADABLE_INPUT);
        }
    }

    /**
     * The arguments with every byte kept: UTF-8 where valid, other bytes as {@link NameDecoding}
     * keeps them, so that a file named in Latin-1 can still be found (see {@link PathArgument}).
     */
    static String[] recover(String[] args) {
        if (System.getenv(RELAUNCHED) != null) {
            String[] decoded = new String[args.length];
            for (int i = 0; i < args.length; i++) {
                decoded[i] = NameDecoding.decode(percentDecode(args[i]));
            }
            return decoded;
        }
        boolean lossy = false;
        for (String arg : args) {
            lossy |= arg.indexOf('\uFFFD') >= 0;
        }
        List<byte[]> raw = lossy ? commandLine(args) : null;
        if (raw == null) {
            return args;
        }
        String[] recovered = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            recovered[i] = NameDecoding.decode(raw.get(raw.size() - args.length + i));
        }
        return recovered;
    }

    /**
     * The words of /proc/self/cmdline; null unless its last words are {@code args} as the JVM
     * decoded them (an @argfile, say, puts words there that are not on the command line).
     */
    private static List<byte[]> commandLine(String[] args) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(CMDLINE);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        List<byte[]> words = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                words.add(java.util.Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        if (words.size() <= args.length) {
            return null;
        }
        Charset platform = platformCharset();
        for (int i = 0; i < args.length; i++) {
            if (!new String(words.get(words.size() - args.length + i), platform).equals(args[i])) {
                return null;
            }
        }
        return words;
    }

    private static Charset platformCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static boolean localeIsCOrPosix() {
        String locale = null;
        for (String variable : List.of("LC_ALL", "LC_CTYPE", "LANG")) {
            String value = System.getenv(variable);
            if (value != null && !value.isEmpty()) {
                locale = value;
                break;
            }
        }
        return locale == null || locale.equals("C") || locale.equals("POSIX");
    }

    private static boolean isUtf8(String charset) {
        return charset != null && (charset.equalsIgnoreCase("UTF-8") || charset.equalsIgnoreCase("UTF8"));
    }

    private static boolean isAscii(byte[] word) {
        for (byte b : word) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Printable ASCII but '%' as itself, every other byte as %XX: survives any charset. */
    static String percentEncode(byte[] word) {
        StringBuilder out = new StringBuilder(word.length);
        for (byte b : word) {
            int value = b & 0xFF;
            if (value > 0x20 && value < 0x7F && value != '%') {
                out.append((char) value);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(value >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(value & 0xF, 16)));
            }
        }
        return out.toString();
    }

    static byte[] percentDecode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}

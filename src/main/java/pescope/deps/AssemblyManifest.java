package pescope.deps;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * What the side-by-side loader reads from a manifest: the assembly's own identity, the
 * assemblies it depends on ({@code <dependency><dependentAssembly><assemblyIdentity>}), and
 * the DLLs it holds ({@code <file name=...>}). Element names are compared without namespace,
 * as manifests mix asm.v1 and asm.v3 declarations.
 *
 * @param identity     the manifest's own {@code <assemblyIdentity>}; null for none
 * @param dependencies in document order
 * @param files        the {@code name} of each {@code <file>}
 */
public record AssemblyManifest(AssemblyIdentity identity, List<AssemblyIdentity> dependencies, List<String> files) {

    /** Real manifests are a few KB; more than this is not read. */
    public static final int MAX_CHARS = 1 << 20;
    /** Dependencies and files kept from one manifest. */
    public static final int MAX_ENTRIES = 4096;

    public AssemblyManifest {
        dependencies = List.copyOf(dependencies);
        files = List.copyOf(files);
    }

    /** Parses manifest text; what is not well-formed XML is an {@link IllegalArgumentException} with the reason. */
    public static AssemblyManifest parse(String text) {
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("manifest longer than " + MAX_CHARS + " characters");
        }
        Document document;
        try {
            document = builder().parse(new InputSource(new StringReader(stripByteOrderMark(text))));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("not a well-formed manifest: " + e.getMessage());
        }
        Element root = document.getDocumentElement();
        AssemblyIdentity identity = null;
        List<AssemblyIdentity> dependencies = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (Element child : children(root)) {
            switch (local(child)) {
                case "assemblyIdentity" -> identity = identity == null ? identityOf(child) : identity;
                case "dependency" -> {
                    for (Element dependent : children(child)) {
                        if (!local(dependent).equals("dependentAssembly")) {
                            continue;
                        }
                        for (Element id : children(dependent)) {
                            if (local(id).equals("assemblyIdentity") && dependencies.size() < MAX_ENTRIES) {
                                dependencies.add(identityOf(id));
                            }
                        }
                    }
                }
                case "file" -> {
                    String name = child.getAttribute("name");
                    if (!name.isEmpty() && files.size() < MAX_ENTRIES) {
                        files.add(name);
                    }
                }
                default -> { }
            }
        }
        return new AssemblyManifest(identity, dependencies, files);
    }

    private static AssemblyIdentity identityOf(Element element) {
        return new AssemblyIdentity(element.getAttribute("name"), element.getAttribute("version"),
                element.getAttribute("processorArchitecture"), element.getAttribute("publicKeyToken"),
                element.getAttribute("language"));
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                elements.add((Element) nodes.item(i));
            }
        }
        return elements;
    }

    private static String local(Element element) {
        String name = element.getLocalName() != null ? element.getLocalName() : element.getTagName();
        int colon = name.indexOf(':');
        return colon >= 0 ? name.substring(colon + 1) : name;
    }

    private static String stripByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** A parser that reads no DTD and no external entity: a manifest is data from a file. */
    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            factory.setXIncludeAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured safely", e);
        }
    }
}

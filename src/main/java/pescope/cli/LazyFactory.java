package pescope.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import picocli.CommandLine;

/**
 * The collections picocli asks for when it parses a multi-value option or parameter (FILE...),
 * made as its default factory makes them; anything else (an annotated command, the help command)
 * from that default factory, made the first time it is needed. The default factory's class
 * initialiser looks for Groovy's Closure class, a ClassNotFoundException built in the
 * interpreter: ~7 ms of a 178 ms start (async-profiler). Every model and command line is given
 * this one, since picocli makes the default factory for any that is given none.
 */
final class LazyFactory implements CommandLine.IFactory {

    static final LazyFactory INSTANCE = new LazyFactory();

    private CommandLine.IFactory made;

    private LazyFactory() {}

    @Override
    public <K> K create(Class<K> type) throws Exception {
        // The default factory's choices: a List (or Collection) is an ArrayList, a Set a
        // LinkedHashSet, a Map a LinkedHashMap; sorted ones and queues go to it.
        if (type.isAssignableFrom(ArrayList.class)) {
            return type.cast(new ArrayList<>());
        }
        if (type.isAssignableFrom(LinkedHashSet.class)) {
            return type.cast(new LinkedHashSet<>());
        }
        if (type.isAssignableFrom(LinkedHashMap.class)) {
            return type.cast(new LinkedHashMap<>());
        }
        if (made == null) {
            made = CommandLine.defaultFactory();
        }
        return made.create(type);
    }
}

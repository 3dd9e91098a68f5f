package pescope.cli;

import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * An option kept in a command's field, for a model built through picocli's API: what
 * {@code @Option} on a field gives, without the reflection. Reading annotations makes the JDK
 * generate a proxy class per annotation type, which the CDS archive cannot hold (issue 16).
 * A class, not lambdas over picocli's interfaces: see {@code Main.ErrorHandlers}.
 */
final class FieldBinding<T> implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {

    private final Supplier<T> getter;
    private final Consumer<T> setter;

    private FieldBinding(Supplier<T> getter, Consumer<T> setter) {
        this.getter = getter;
        this.setter = setter;
    }

    /**
     * The option or parameter kept in the field read by {@code getter} and written by
     * {@code setter}; the field's value now is the one picocli restores before each parse, as it
     * does for an annotated field.
     */
    static <T> CommandLine.Model.OptionSpec.Builder bind(CommandLine.Model.OptionSpec.Builder option,
            Supplier<T> getter, Consumer<T> setter) {
        FieldBinding<T> field = new FieldBinding<>(getter, setter);
        return option.getter(field).setter(field).initialValue(getter.get());
    }

    /** As {@link #bind(CommandLine.Model.OptionSpec.Builder, Supplier, Consumer)}, for a positional parameter. */
    static <T> CommandLine.Model.PositionalParamSpec.Builder bind(CommandLine.Model.PositionalParamSpec.Builder parameter,
            Supplier<T> getter, Consumer<T> setter) {
        FieldBinding<T> field = new FieldBinding<>(getter, setter);
        return parameter.getter(field).setter(field).initialValue(getter.get());
    }

    /** An option with a value: its name, what --help shows for the value, and its help line. */
    static CommandLine.Model.OptionSpec.Builder option(String name, String paramLabel, String description) {
        return CommandLine.Model.OptionSpec.builder(name).paramLabel(paramLabel).description(description);
    }

    /** A boolean option that takes no value. */
    static CommandLine.Model.OptionSpec.Builder flag(String name, String description) {
        return CommandLine.Model.OptionSpec.builder(name).type(boolean.class).description(description);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V get() {
        return (V) getter.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V set(V value) {
        V previous = get();
        setter.accept((T) value);
        return previous;
    }
}

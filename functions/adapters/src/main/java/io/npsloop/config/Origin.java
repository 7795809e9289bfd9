package io.npsloop.config;

/** Where a deployed function's value of a setting comes from. */
public sealed interface Origin {

    /**
     * A template parameter; for a CommaDelimitedList, the element at {@code index} (else -1).
     * {@code deployedDefault} is the parameter's Default where it differs from the code's (else null).
     */
    record Parameter(String name, int index, String deployedDefault) implements Origin {}

    /** The template sets it to a value of its own, e.g. a resource it creates. */
    record Template(String value) implements Origin {}

    /** Lambda sets it in every function's environment. */
    record Runtime() implements Origin {}

    /** The template does not set it: the default applies unless someone sets it by hand. */
    record Unset() implements Origin {}
}

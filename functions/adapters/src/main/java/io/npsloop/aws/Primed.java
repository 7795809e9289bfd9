package io.npsloop.aws;

import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A handler that primes itself before its SnapStart snapshot. The global context holds what is
 * registered weakly; the runtime holds the handler, so registering the handler itself keeps the
 * hook alive exactly as long as the function.
 */
public interface Primed extends Resource {

    /** The read-only steps this function runs before the snapshot. */
    Priming priming();

    /** Registers the hook; called once, as the constructor's last step. */
    default void registerPriming() {
        Core.getGlobalContext().register(this);
    }

    /** Runs the steps; never throws. */
    @Override
    default void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    /** The priming steps that failed, as {@code step:ErrorType}; none where everything is reachable. */
    default List<String> prime() {
        return priming().run();
    }

    @Override
    default void afterRestore(Context<? extends Resource> context) {
        // Nothing to redo: the SDK reopens connections and refreshes credentials as it uses them.
    }
}

package io.troupe.cli;

/**
 * Stops a local stack when the JVM is asked to stop (Ctrl-C, SIGTERM), so that no child process
 * outlives the command. Closing the stack twice is harmless.
 */
final class StackShutdown implements AutoCloseable {
    private final Thread hook;

    StackShutdown(Runnable stop) {
        this.hook = new Thread(stop, "troupe-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs anyway
        }
    }
}

package io.troupe.workspace.files;

/** A database failure; rendered as a 500 problem without its internals. */
public class StoreException extends RuntimeException {
    public StoreException(String what, Throwable cause) {
        super("could not " + what + ": " + cause.getMessage(), cause);
    }
}

package io.troupe.coordinator.board;

import java.sql.SQLException;

/** The database failed; nothing a client can fix, so it becomes a 500 with the cause in the log. */
public class StorageException extends RuntimeException {
    public StorageException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}

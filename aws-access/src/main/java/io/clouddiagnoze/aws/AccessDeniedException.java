package io.clouddiagnoze.aws;

/** CloudDiagnoze may not do something in a tenant's account; the message says what to fix. */
public class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}

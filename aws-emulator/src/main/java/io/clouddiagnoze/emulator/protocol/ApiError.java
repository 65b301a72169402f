package io.clouddiagnoze.emulator.protocol;

/** A failure answered the way the real service answers it: an error code, a message and an HTTP status. */
public final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;

    public ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** Whether the caller is to blame (4xx, "Sender") rather than the service (5xx, "Receiver"). */
    public boolean senderFault() {
        return status < 500;
    }
}

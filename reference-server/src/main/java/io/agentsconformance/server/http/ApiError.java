package io.agentsconformance.server.http;

import java.util.List;

/** An answer that is not 2xx, rendered as an RFC 9457 problem document. */
final class ApiError extends RuntimeException {

    /** One entry of the problem's {@code errors} array. */
    record FieldError(String field, String message) {
    }

    final int status;
    final List<FieldError> errors;

    ApiError(int status, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    static ApiError badRequest(String detail) {
        return new ApiError(400, detail, List.of());
    }

    static ApiError invalidField(String field, String message) {
        return new ApiError(400, message, List.of(new FieldError(field, message)));
    }

    static ApiError notFound(String detail) {
        return new ApiError(404, detail, List.of());
    }

    static ApiError conflict(String detail) {
        return new ApiError(409, detail, List.of());
    }

    static ApiError unauthorized() {
        return new ApiError(401, "A valid bearer token is required: send Authorization: Bearer <token>", List.of());
    }

    static ApiError payloadTooLarge(int limit) {
        return new ApiError(413, "The request body is larger than the limit of " + limit + " bytes", List.of());
    }
}

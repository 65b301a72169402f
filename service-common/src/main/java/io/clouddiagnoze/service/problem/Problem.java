package io.clouddiagnoze.service.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error on the wire (RFC 9457 problem details), the same shape from every service: never a stack
 * trace or a class name.
 *
 * @param type a URN naming the kind of problem, stable for clients to branch on
 * @param field the request field at fault, when there is one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {
    public static final String MEDIA_TYPE = "application/problem+json";
}

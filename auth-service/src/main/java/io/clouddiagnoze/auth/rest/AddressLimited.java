package io.clouddiagnoze.auth.rest;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Marks the public endpoints whose requests {@link AddressRateLimit} counts per client address. */
@NameBinding
@Retention(RUNTIME)
@Target(METHOD)
public @interface AddressLimited {
}

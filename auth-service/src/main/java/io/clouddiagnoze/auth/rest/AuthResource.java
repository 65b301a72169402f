package io.clouddiagnoze.auth.rest;

import io.clouddiagnoze.auth.rest.AuthApi.LoginRequest;
import io.clouddiagnoze.auth.rest.AuthApi.PasswordReset;
import io.clouddiagnoze.auth.rest.AuthApi.PasswordResetRequest;
import io.clouddiagnoze.auth.rest.AuthApi.RefreshRequest;
import io.clouddiagnoze.auth.rest.AuthApi.RegisterRequest;
import io.clouddiagnoze.auth.rest.AuthApi.ServiceToken;
import io.clouddiagnoze.auth.rest.AuthApi.ServiceTokenRequest;
import io.clouddiagnoze.auth.rest.AuthApi.TokenPair;
import io.clouddiagnoze.auth.rest.AuthApi.UserView;
import io.clouddiagnoze.auth.service.AccountService;
import io.clouddiagnoze.auth.service.PasswordResets;
import io.clouddiagnoze.auth.service.ServiceTokenService;
import io.clouddiagnoze.auth.service.SessionService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Sign-up, sign-in, token refresh and sign-out, password resets, and tokens for machines. */
@Path("/auth")
@PermitAll
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {
    private final AccountService accounts;
    private final SessionService sessions;
    private final PasswordResets passwordResets;
    private final ServiceTokenService serviceTokens;

    AuthResource(AccountService accounts, SessionService sessions, PasswordResets passwordResets, ServiceTokenService serviceTokens) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.passwordResets = passwordResets;
        this.serviceTokens = serviceTokens;
    }

    @POST
    @Path("/register")
    @AddressLimited
    public Uni<Response> register(@Valid @NotNull RegisterRequest request) {
        return accounts.register(request).map(user -> Response.created(URI.create("/auth/me")).entity(UserView.of(user)).build());
    }

    @POST
    @Path("/login")
    @AddressLimited
    public Uni<TokenPair> login(@Valid @NotNull LoginRequest request) {
        return sessions.login(request.email(), request.password());
    }

    @POST
    @Path("/refresh")
    @AddressLimited
    public Uni<TokenPair> refresh(@Valid @NotNull RefreshRequest request) {
        return sessions.refresh(request.refreshToken());
    }

    @POST
    @Path("/logout")
    public Uni<Response> logout(@Valid @NotNull RefreshRequest request) {
        return sessions.logout(request.refreshToken()).map(done -> Response.noContent().build());
    }

    /** Mails a reset link if an account has the email: 202 either way, so the answer tells nobody which. */
    @POST
    @Path("/password-reset")
    @AddressLimited
    public Uni<Response> requestPasswordReset(@Valid @NotNull PasswordResetRequest request) {
        return passwordResets.request(request.email()).map(done -> Response.accepted().build());
    }

    /** Sets a new password with the mailed link's token, once. */
    @POST
    @Path("/password-reset/complete")
    @AddressLimited
    public Uni<Response> completePasswordReset(@Valid @NotNull PasswordReset request) {
        return passwordResets.complete(request.token(), request.newPassword()).map(done -> Response.noContent().build());
    }

    @POST
    @Path("/service-token")
    @AddressLimited
    public ServiceToken serviceToken(@Valid @NotNull ServiceTokenRequest request) {
        return serviceTokens.issue(request.clientId(), request.clientSecret());
    }
}

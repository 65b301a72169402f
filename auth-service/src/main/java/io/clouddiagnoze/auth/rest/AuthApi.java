package io.clouddiagnoze.auth.rest;

import io.clouddiagnoze.auth.model.User;
import io.clouddiagnoze.auth.service.AwsRole;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Locale;

/** The request and response bodies of auth-service's API. */
public final class AuthApi {
    private AuthApi() {
    }

    /** Sign-up. The email is trimmed and lower-cased before it is checked. */
    public record RegisterRequest(
            @NotBlank @Size(max = 254) @Email @Pattern(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be an email address")
            String email,
            @NotNull @Size(max = 1024) String password,
            @NotBlank @Size(max = 200) String companyName) {

        public RegisterRequest {
            email = normaliseEmail(email);
            companyName = companyName == null ? null : companyName.strip();
        }
    }

    public record LoginRequest(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 1024) String password) {
        public LoginRequest {
            email = normaliseEmail(email);
        }
    }

    public record RefreshRequest(@NotBlank @Size(max = 256) String refreshToken) {
    }

    public record PasswordChange(@NotNull @Size(max = 1024) String currentPassword, @NotNull @Size(max = 1024) String newPassword) {
    }

    /** What deleting the account asks for again. */
    public record PasswordConfirmation(@NotNull @Size(max = 1024) String password) {
    }

    public record PasswordResetRequest(@NotBlank @Size(max = 254) String email) {
        public PasswordResetRequest {
            email = normaliseEmail(email);
        }
    }

    public record PasswordReset(@NotBlank @Size(max = 256) String token, @NotNull @Size(max = 1024) String newPassword) {
    }

    public record RoleRequest(@NotBlank @Size(max = 2048) String roleArn) {
    }

    /** The tenant's own retention period: months a finished scan stays online; null: the platform's (6 unless set). */
    public record RetentionRequest(@Min(1) @Max(120) Integer months) {
    }

    public record ServiceTokenRequest(@NotBlank @Size(max = 256) String clientId, @NotBlank @Size(max = 256) String clientSecret) {
    }

    /** A tenant's account as its owner sees it; {@code retentionMonths} null: the platform's retention period. */
    public record UserView(long id, String email, String companyName, String roleArn, String externalId, Instant createdAt,
                           Integer retentionMonths) {
        public static UserView of(User user) {
            return new UserView(user.id, user.email, user.companyName, user.roleArn, user.externalId, user.createdAt,
                    user.retentionMonths);
        }
    }

    public record TokenPair(String accessToken, String refreshToken, String tokenType, long expiresIn) {
    }

    public record ServiceToken(String accessToken, String tokenType, long expiresIn) {
    }

    /** What the customer must do in AWS for CloudDiagnoze to scan with this role. */
    public record RoleSetup(String roleArn, String externalId, AwsRole.TrustPolicy trustPolicy, String instructions) {
    }

    private static String normaliseEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }
}

package io.clouddiagnoze.system;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A test class of one family of fault cases: tagged as the suite (left out of ./mvnw verify), handed the running system
 * ({@link Faults}, its baseline measured before the first case) through its constructor, and with aws-emulator's fault
 * rules cleared after each case.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(FaultTable.SUITE_TAG)
@ExtendWith(FaultFamily.RunningSystem.class)
@interface FaultFamily {

    /** Resolves {@link Faults} parameters, and clears the fault rules after each test. */
    final class RunningSystem implements ParameterResolver, AfterEachCallback {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Faults.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            try {
                return Faults.get();
            } catch (Exception e) {
                throw new IllegalStateException("the running system cannot be used: " + e.getMessage(), e);
            }
        }

        @Override
        public void afterEach(ExtensionContext context) throws Exception {
            Faults.get().clearFaults();
        }
    }
}

package org.fulcrum.franking.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class SharedDataTest {

    @Test
    void missingReferenceFileFailsUnderCiAndSkipsElsewhereNamingTheFile() {
        Throwable thrown = catchThrowable(() -> SharedData.require("franking/no-such-file.txt"));

        Class<? extends Throwable> expected =
                "true".equalsIgnoreCase(System.getenv("CI")) ? AssertionError.class : TestAbortedException.class;
        assertThat(thrown).isInstanceOf(expected).hasMessageContaining("shared/franking/no-such-file.txt");
    }

    @Test
    void presentReferenceFileResolvesBesideTheRepository() {
        assertThat(SharedData.require("franking/README.txt")).endsWith(Path.of("franking", "README.txt"));
    }
}

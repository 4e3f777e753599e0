package io.tcpscope.core.spi;

import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.SharedNamespaceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedNamespacePolicyTest {

    @Test
    void refuses_a_shared_namespace_naming_the_callers_way_in() {
        assertThatThrownBy(() -> SharedNamespacePolicy.refuse("--shared-namespaces").check("'a'", NamespaceOwner.host()))
                .isInstanceOf(SharedNamespaceException.class)
                .hasMessageEndingWith("read it anyway with --shared-namespaces");
        assertThatThrownBy(() -> SharedNamespacePolicy.DEFAULT.check("'a'", NamespaceOwner.container("db")))
                .hasMessageEndingWith("read it anyway with withSharedNamespaces()");
    }

    @Test
    void lets_a_namespace_of_its_own_through_and_reads_shared_ones_when_told() {
        assertThatCode(() -> SharedNamespacePolicy.DEFAULT.check("'a'", null)).doesNotThrowAnyException();
        assertThatCode(() -> SharedNamespacePolicy.read().check("'a'", NamespaceOwner.host())).doesNotThrowAnyException();
    }
}

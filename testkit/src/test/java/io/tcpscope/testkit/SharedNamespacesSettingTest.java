package io.tcpscope.testkit;

import io.tcpscope.core.spi.SharedNamespacePolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a cluster reads nodes in a shared network namespace: refused unless told. */
class SharedNamespacesSettingTest {

    @Test
    void a_cluster_refuses_shared_namespaces_unless_told_and_names_the_way_in() {
        assertThat(Cluster.builder().sharedNamespaces()).isEqualTo(SharedNamespacePolicy.DEFAULT);
        assertThat(Cluster.adopt().sharedNamespaces().optIn()).isEqualTo("withSharedNamespaces()");
    }

    @Test
    void with_shared_namespaces_reads_them_in_a_built_and_in_an_adopted_cluster() {
        assertThat(Cluster.builder().withSharedNamespaces().sharedNamespaces().reads()).isTrue();
        assertThat(Cluster.adopt().container("proxy").withSharedNamespaces().sharedNamespaces().reads()).isTrue();
    }
}

package io.tcpscope.testkit;

import io.tcpscope.core.spi.SharedNamespacePolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

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

    @Test
    void a_policy_given_is_the_clusters_so_a_refusal_names_the_callers_way_in() {
        // given
        SharedNamespacePolicy refuse = SharedNamespacePolicy.refuse("--shared-namespaces");

        // when
        SharedNamespacePolicy built = Cluster.builder().withSharedNamespaces(refuse).sharedNamespaces();
        SharedNamespacePolicy adopted = Cluster.adopt().container("proxy").withSharedNamespaces(refuse).sharedNamespaces();
        SharedNamespacePolicy readAfterRefuse = Cluster.adopt().withSharedNamespaces(refuse)
                .withSharedNamespaces(SharedNamespacePolicy.read()).sharedNamespaces();

        // then
        assertThat(built.reads()).isFalse();
        assertThat(built.optIn()).isEqualTo("--shared-namespaces");
        assertThat(adopted).isEqualTo(refuse);
        assertThat(readAfterRefuse.reads()).isTrue();
    }

    @Test
    void a_null_policy_is_refused_by_name() {
        assertThatNullPointerException().isThrownBy(() -> Cluster.adopt().withSharedNamespaces(null))
                .withMessage("policy must not be null");
    }
}

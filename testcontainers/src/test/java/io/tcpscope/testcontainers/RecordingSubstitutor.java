package io.tcpscope.testcontainers;

import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A user's own image name substitutor, as Testcontainers finds one ({@code image.substitutor}, here
 * from {@code TESTCONTAINERS_IMAGE_SUBSTITUTOR} in {@link HelperBaseSubstitutionCheck}'s run): it
 * records every name it is given, and sends busybox under a registry's root to the same registry's
 * {@code library/busybox}, as a company's mirror might be laid out.
 */
public final class RecordingSubstitutor extends ImageNameSubstitutor {

    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @Override
    public DockerImageName apply(DockerImageName original) {
        SEEN.add(original.asCanonicalNameString());
        if (!original.getRegistry().isEmpty() && original.getRepository().equals("busybox")) {
            return DockerImageName.parse(original.getRegistry() + "/library/busybox:" + original.getVersionPart());
        }
        return original;
    }

    @Override
    protected String getDescription() {
        return "tcpscope's test substitutor (busybox to library/busybox)";
    }
}

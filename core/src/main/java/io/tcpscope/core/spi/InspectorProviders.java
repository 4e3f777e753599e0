package io.tcpscope.core.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * The {@link InspectorProvider}s on a class path, checked and in AUTO's order: the highest
 * priority first, then by name.
 *
 * <pre>{@code
 * InspectorProviders providers = InspectorProviders.installed();
 * providers.names();                        // [procfs, engine-procfs, exec, sidecar, nsenter]
 * providers.find("nsenter").orElseThrow().create(context).connections("node-a");
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class InspectorProviders {

    /** The name AUTO goes by, which no provider may take. */
    public static final String AUTO = "auto";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Comparator<InspectorProvider> AUTO_ORDER =
            Comparator.comparingInt(InspectorProvider::priority).reversed().thenComparing(InspectorProvider::name);

    private final List<InspectorProvider> providers;

    private InspectorProviders(List<InspectorProvider> providers) {
        Map<String, InspectorProvider> byName = new LinkedHashMap<>();
        for (InspectorProvider provider : providers) {
            String name = checkedName(provider);
            InspectorProvider other = byName.putIfAbsent(name, provider);
            if (other != null) {
                throw new IllegalStateException("two inspector providers are named '" + name + "': "
                        + other.getClass().getName() + " and " + provider.getClass().getName()
                        + "; remove one of them from the class path");
            }
        }
        List<InspectorProvider> sorted = new ArrayList<>(byName.values());
        sorted.sort(AUTO_ORDER);
        this.providers = List.copyOf(sorted);
    }

    /**
     * The providers that {@link ServiceLoader} finds through the class loader that loaded tcpscope.
     *
     * @return the providers
     * @throws IllegalStateException if two have one name, a name is malformed, or one cannot be loaded
     */
    public static InspectorProviders installed() {
        return load(InspectorProviders.class.getClassLoader());
    }

    /**
     * The providers that {@link ServiceLoader} finds through a class loader.
     *
     * @param loader the class loader, such as one that holds plugin jars
     * @return the providers
     * @throws IllegalStateException if two have one name, a name is malformed, or one cannot be loaded
     */
    public static InspectorProviders load(ClassLoader loader) {
        List<InspectorProvider> found = new ArrayList<>();
        try {
            ServiceLoader.load(InspectorProvider.class, loader).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("an inspector provider on the class path cannot be loaded: "
                    + e.getMessage(), e);
        }
        return new InspectorProviders(found);
    }

    /**
     * A fixed set of providers, as a composition root or a test chooses them.
     *
     * @param providers the providers
     * @return the providers, checked and in AUTO's order
     * @throws IllegalStateException if two have one name or a name is malformed
     */
    public static InspectorProviders of(List<? extends InspectorProvider> providers) {
        return new InspectorProviders(List.copyOf(providers));
    }

    /**
     * Every provider, the highest priority first.
     *
     * @return the providers, unmodifiable
     */
    public List<InspectorProvider> all() {
        return providers;
    }

    /**
     * The providers that AUTO considers: those of priority 0 or more, the highest first.
     *
     * @return the providers, unmodifiable
     */
    public List<InspectorProvider> forAuto() {
        return providers.stream().filter(p -> p.priority() >= 0).toList();
    }

    /**
     * The provider of a name.
     *
     * @param name a mode name, such as {@code procfs}
     * @return the provider, or empty if none has the name
     */
    public Optional<InspectorProvider> find(String name) {
        Objects.requireNonNull(name, "name must not be null");
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * The provider of a name, which the caller needs.
     *
     * @param name a mode name
     * @return the provider
     * @throws IllegalArgumentException if none has the name, listing the names there are
     */
    public InspectorProvider require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no inspector provider is named '" + name
                + "'; the modes are " + String.join(", ", modeNames())));
    }

    /**
     * The providers' names, the highest priority first.
     *
     * @return the names, unmodifiable
     */
    public List<String> names() {
        return providers.stream().map(InspectorProvider::name).toList();
    }

    /**
     * The names a user may ask for: {@code auto}, then each provider's.
     *
     * @return the names, unmodifiable
     */
    public List<String> modeNames() {
        List<String> names = new ArrayList<>();
        names.add(AUTO);
        names.addAll(names());
        return List.copyOf(names);
    }

    @Override
    public String toString() {
        return "InspectorProviders" + names();
    }

    private static String checkedName(InspectorProvider provider) {
        String name = provider.name();
        if (name == null || !NAME.matcher(name).matches() || AUTO.equals(name)) {
            throw new IllegalStateException("inspector provider " + provider.getClass().getName() + " is named '"
                    + name + "'; a name is 1 to 32 lower case letters, digits and dashes, starts with a letter,"
                    + " and is not 'auto'");
        }
        return name;
    }
}

package dev.sluice.kubernetes.pod;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Pod Security Standards, "restricted" profile (which includes "baseline"), as written in the Kubernetes
 * documentation, checked rule by rule. Returns one line per violation so a test can both require none and
 * show that each rule bites.
 */
final class RestrictedProfile {
    private static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");

    private RestrictedProfile() {}

    static List<String> violations(Pod pod) {
        PodSpec spec = pod.getSpec();
        List<String> v = new ArrayList<>();
        PodSecurityContext podContext = spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();
        List<Container> containers = Stream.of(spec.getContainers(), spec.getInitContainers()).filter(l -> l != null)
                .flatMap(List::stream).toList();
        if (spec.getEphemeralContainers() != null && !spec.getEphemeralContainers().isEmpty()) {
            v.add("ephemeral containers present");
        }

        // baseline: host namespaces
        if (Boolean.TRUE.equals(spec.getHostNetwork())) v.add("hostNetwork");
        if (Boolean.TRUE.equals(spec.getHostPID())) v.add("hostPID");
        if (Boolean.TRUE.equals(spec.getHostIPC())) v.add("hostIPC");
        // baseline: HostProcess
        if (podContext.getWindowsOptions() != null && Boolean.TRUE.equals(podContext.getWindowsOptions().getHostProcess())) {
            v.add("pod hostProcess");
        }
        // baseline: sysctls (none are set, so none can be unsafe)
        if (podContext.getSysctls() != null && !podContext.getSysctls().isEmpty()) v.add("sysctls set");
        // baseline: SELinux (type restricted, no user or role)
        if (podContext.getSeLinuxOptions() != null) v.add("pod seLinuxOptions set");
        // baseline: AppArmor
        if (podContext.getAppArmorProfile() != null && "Unconfined".equals(podContext.getAppArmorProfile().getType())) {
            v.add("pod AppArmor Unconfined");
        }
        // restricted: volume types (baseline: no hostPath)
        for (Volume volume : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
            String type = volumeType(volume);
            if (!ALLOWED_VOLUMES.contains(type)) v.add("volume " + volume.getName() + " of type " + type);
        }
        // restricted: seccomp at pod level, or on every container
        boolean podSeccomp = allowedSeccomp(podContext.getSeccompProfile());
        if (podContext.getSeccompProfile() != null && "Unconfined".equals(podContext.getSeccompProfile().getType())) {
            v.add("pod seccomp Unconfined");
        }
        // restricted: runAsNonRoot at pod level or on every container; never runAsUser 0
        boolean podNonRoot = Boolean.TRUE.equals(podContext.getRunAsNonRoot());
        if (Long.valueOf(0).equals(podContext.getRunAsUser())) v.add("pod runAsUser 0");

        for (Container c : containers) {
            String n = "container " + c.getName() + ": ";
            SecurityContext sc = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
            if (Boolean.TRUE.equals(sc.getPrivileged())) v.add(n + "privileged");
            if (sc.getWindowsOptions() != null && Boolean.TRUE.equals(sc.getWindowsOptions().getHostProcess())) {
                v.add(n + "hostProcess");
            }
            if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) v.add(n + "allowPrivilegeEscalation not false");
            Capabilities caps = sc.getCapabilities();
            if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) v.add(n + "capabilities not drop ALL");
            if (caps != null && caps.getAdd() != null
                    && caps.getAdd().stream().anyMatch(cap -> !cap.equals("NET_BIND_SERVICE"))) {
                v.add(n + "capabilities added " + caps.getAdd());
            }
            if (Boolean.FALSE.equals(sc.getRunAsNonRoot())) v.add(n + "runAsNonRoot false");
            if (!podNonRoot && !Boolean.TRUE.equals(sc.getRunAsNonRoot())) v.add(n + "runAsNonRoot not set");
            if (Long.valueOf(0).equals(sc.getRunAsUser())) v.add(n + "runAsUser 0");
            if (sc.getSeccompProfile() != null && "Unconfined".equals(sc.getSeccompProfile().getType())) {
                v.add(n + "seccomp Unconfined");
            }
            if (!podSeccomp && !allowedSeccomp(sc.getSeccompProfile())) v.add(n + "no RuntimeDefault/Localhost seccomp");
            if (sc.getProcMount() != null && !"Default".equals(sc.getProcMount())) v.add(n + "procMount " + sc.getProcMount());
            if (sc.getSeLinuxOptions() != null) v.add(n + "seLinuxOptions set");
            if (sc.getAppArmorProfile() != null && "Unconfined".equals(sc.getAppArmorProfile().getType())) {
                v.add(n + "AppArmor Unconfined");
            }
            for (ContainerPort port : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (port.getHostPort() != null && port.getHostPort() != 0) v.add(n + "hostPort " + port.getHostPort());
            }
        }
        return v;
    }

    private static boolean allowedSeccomp(SeccompProfile profile) {
        return profile != null && ("RuntimeDefault".equals(profile.getType()) || "Localhost".equals(profile.getType()));
    }

    private static String volumeType(Volume v) {
        if (v.getConfigMap() != null) return "configMap";
        if (v.getEmptyDir() != null) return "emptyDir";
        if (v.getSecret() != null) return "secret";
        if (v.getProjected() != null) return "projected";
        if (v.getDownwardAPI() != null) return "downwardAPI";
        if (v.getPersistentVolumeClaim() != null) return "persistentVolumeClaim";
        if (v.getCsi() != null) return "csi";
        if (v.getEphemeral() != null) return "ephemeral";
        if (v.getHostPath() != null) return "hostPath";
        return "other";
    }
}

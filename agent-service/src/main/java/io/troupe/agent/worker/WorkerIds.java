package io.troupe.agent.worker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ids of the workers a process hosts, each with its number i (a run of n agents recruits
 * agent-1 … agent-n). Locally: {@code <prefix>1} … {@code <prefix>W}. On Kubernetes, where each
 * pod of the agents' StatefulSet hosts one worker: the pod's ordinal + 1, so pods
 * {@code troupe-agent-0} … {@code troupe-agent-(n-1)} are agent-1 … agent-n.
 */
public final class WorkerIds {
    private static final Pattern ORDINAL = Pattern.compile("-(\\d+)$");

    private WorkerIds() {
    }

    /** Worker id to its number, in order. */
    public static Map<String, Integer> of(Optional<String> podName, int workers, String prefix) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        Optional<String> pod = podName.map(String::strip).filter(p -> !p.isEmpty());
        if (pod.isPresent()) {
            Matcher ordinal = ORDINAL.matcher(pod.get());
            if (!ordinal.find()) {
                throw new IllegalArgumentException("troupe.agent.pod-name (TROUPE_AGENT_POD_NAME) must end in the "
                        + "pod's ordinal, like troupe-agent-2 (a StatefulSet's pod name), not '" + pod.get() + "'");
            }
            int number = Integer.parseInt(ordinal.group(1)) + 1;
            ids.put(prefix + number, number);
            return ids;
        }
        for (int i = 1; i <= workers; i++) {
            ids.put(prefix + i, i);
        }
        return ids;
    }
}

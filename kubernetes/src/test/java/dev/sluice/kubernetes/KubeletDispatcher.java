package dev.sluice.kubernetes;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a cluster the CRUD mock does not have, played by the test: the kubelet's log endpoint
 * (serves what the test put there, honouring limitBytes, or 400 while the container "has not started"), the
 * authorizer (SelfSubjectAccessReview answers, allowed unless denied here) and RBAC refusals (403 for chosen
 * requests). Everything else goes to fabric8's CRUD dispatcher.
 */
final class KubeletDispatcher extends Dispatcher {
    private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?");
    private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

    private final Dispatcher crud;
    private final Map<String, byte[]> logs = new ConcurrentHashMap<>();
    private final Set<String> deniedAccess = ConcurrentHashMap.newKeySet();
    private final List<Pattern> forbidden = new CopyOnWriteArrayList<>();
    final List<String> logRequests = new CopyOnWriteArrayList<>();
    /** Every access review asked, as "verb resource[/subresource] [name]". */
    final List<String> reviews = new CopyOnWriteArrayList<>();

    KubeletDispatcher(Dispatcher crud) {
        this.crud = crud;
    }

    void setLog(String podName, byte[] log) {
        logs.put(podName, log);
    }

    /** A started container has a log, empty until it writes. */
    void containerStarted(String podName) {
        logs.putIfAbsent(podName, new byte[0]);
    }

    /** SelfSubjectAccessReview answers "not allowed" for e.g. {@code "create pods"} or {@code "get pods/log"}. */
    void denyAccess(String verbAndResource) {
        deniedAccess.add(verbAndResource);
    }

    /** Answers 403 to requests whose "METHOD path" matches. */
    void forbid(String methodAndPathRegex) {
        forbidden.add(Pattern.compile(methodAndPathRegex));
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String line = request.getMethod() + " " + request.getPath();
        for (Pattern p : forbidden) {
            if (p.matcher(line).matches()) {
                return status(403, "Forbidden", "forbidden by the test: " + line);
            }
        }
        Matcher log = LOG.matcher(request.getPath());
        if ("GET".equals(request.getMethod()) && log.matches()) {
            logRequests.add(request.getPath());
            return log(log.group(2), URI.create(request.getPath()).getQuery());
        }
        if ("POST".equals(request.getMethod()) && request.getPath().startsWith(ACCESS_REVIEWS)) {
            return review(request);
        }
        return crud.dispatch(request);
    }

    private MockResponse log(String pod, String query) {
        byte[] text = logs.get(pod);
        if (text == null) {
            return status(400, "BadRequest", "container \"run\" in pod \"" + pod + "\" is waiting to start: ContainerCreating");
        }
        long limit = Long.MAX_VALUE;
        for (String param : query == null ? new String[0] : query.split("&")) {
            if (param.startsWith("limitBytes=")) {
                limit = Long.parseLong(param.substring("limitBytes=".length()));
            }
        }
        byte[] body = text.length > limit ? java.util.Arrays.copyOf(text, (int) limit) : text;
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(body);
    }

    private MockResponse review(RecordedRequest request) {
        SelfSubjectAccessReview review = Serialization.unmarshal(request.getUtf8Body(), SelfSubjectAccessReview.class);
        ResourceAttributes a = review.getSpec().getResourceAttributes();
        String asked = a.getVerb() + " " + a.getResource() + (a.getSubresource() == null ? "" : "/" + a.getSubresource());
        reviews.add(asked + (a.getName() == null ? "" : " " + a.getName()));
        boolean allowed = !deniedAccess.contains(asked);
        review.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(allowed)
                .withReason(allowed ? "allowed by the test" : "denied by the test").build());
        return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
    }

    private static MockResponse status(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code).setBody(Serialization.asJson(new StatusBuilder()
                .withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build()));
    }

    @Override
    public void shutdown() {
        // Outages stop the server, not the cluster: the CRUD state must survive a restart. See close().
    }

    void close() {
        crud.shutdown();
        crud.releaseResources();
    }
}

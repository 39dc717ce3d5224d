package io.agentsconformance.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsconformance.server.engine.Engine;
import io.agentsconformance.server.engine.RunStateConflict;
import io.agentsconformance.server.model.Json;
import io.agentsconformance.server.model.Message;
import io.agentsconformance.server.model.Project;
import io.agentsconformance.server.model.Representations;
import io.agentsconformance.server.model.Run;
import io.agentsconformance.server.model.RunStatus;
import io.agentsconformance.server.model.Workflow;
import io.agentsconformance.server.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Agent runs and their steps, node states and messages (seed 004 sections 1-8). */
final class RunRoutes {

    private static final String RUNS = "/api/projects/{projectId}/agent-runs";
    private static final String RUN = RUNS + "/{runId}";

    private final Store store;
    private final Engine engine;
    private final Lookups lookups;
    private final Paging paging;
    private final AlternativeAnswers alternative;

    RunRoutes(Store store, Engine engine, Lookups lookups, Paging paging, AlternativeAnswers alternative) {
        this.store = store;
        this.engine = engine;
        this.lookups = lookups;
        this.paging = paging;
        this.alternative = alternative;
    }

    void register(RoutesConfig routes) {
        routes.get(RUNS, this::list);
        routes.post(RUNS, this::start);
        routes.get(RUN, ctx -> Replies.ok(ctx, Representations.run(lookups.run(ctx))));
        routes.post(RUN + "/cancel", this::cancel);
        routes.get(RUN + "/steps", this::steps);
        routes.get(RUN + "/node-states", this::nodeStates);
        routes.get(RUN + "/messages", this::messages);
        routes.post(RUN + "/messages", this::appendMessage);
    }

    private void list(Context ctx) {
        Project project = lookups.project(ctx);
        RunStatus status = enumParam(ctx, "status", RunStatus::parse, RunStatus.values(), RunStatus::name);
        String workflowId = ctx.queryParam("workflowId");
        Paging.Request page = paging.request(ctx, "runs\n" + project.id() + "\n" + status + "\n" + workflowId);
        Replies.ok(ctx, paging.answer(page,
                store.runs().page(project.id(), status, workflowId, page.after(), page.limit()),
                Representations::run));
    }

    private void start(Context ctx) {
        Project project = lookups.project(ctx);
        Fields fields = new Fields(JsonBody.read(ctx));
        String workflowId = fields.requiredText("workflowId", 10_000);
        // API-2.5 lets a server accept an empty query ("400, or allowed"); the reference server refuses it.
        String inputQuery = alternative.has(io.agentsconformance.server.Alternative.EMPTY_QUERY_ALLOWED)
                        && fields.isBlankText("inputQuery")
                ? fields.optionalText("inputQuery", Integer.MAX_VALUE)
                : fields.requiredText("inputQuery", Integer.MAX_VALUE);
        List<String> contextItemIds = fields.optionalStrings("contextItemIds", 50, 10_000);
        fields.validate();
        Workflow workflow = lookups.workflow(project, workflowId);
        requireContextItems(project.id(), contextItemIds);
        Run run = engine.startRun(workflow, inputQuery, contextItemIds);
        Replies.created(ctx, "/api/projects/" + project.id() + "/agent-runs/" + run.id(), Representations.run(run));
    }

    private void cancel(Context ctx) {
        Run run = lookups.run(ctx);
        if (alternative.has(io.agentsconformance.server.Alternative.CANCEL_CANCELLED_400) && run.status() == RunStatus.CANCELLED) {
            throw ApiError.badRequest("Agent run " + run.id() + " is already cancelled");
        }
        try {
            Replies.ok(ctx, Representations.run(engine.cancelRun(run.id())));
        } catch (RunStateConflict conflict) {
            throw ApiError.conflict(conflict.getMessage());
        }
    }

    private void steps(Context ctx) {
        Run run = lookups.run(ctx);
        Paging.Request page = paging.request(ctx, "steps\n" + run.id());
        Replies.ok(ctx, paging.answer(page, store.steps().page(run.id(), page.after(), page.limit()),
                Representations::step));
    }

    private void nodeStates(Context ctx) {
        Run run = lookups.run(ctx);
        ObjectNode json = Json.object();
        ArrayNode items = json.putArray("items");
        store.nodeStates().list(run.id()).forEach(state -> items.add(Representations.nodeState(state)));
        Replies.ok(ctx, json);
    }

    private void messages(Context ctx) {
        Run run = lookups.run(ctx);
        Message.Role role = enumParam(ctx, "role", Message.Role::parse, Message.Role.values(), r -> r.wire);
        Message.Type type = enumParam(ctx, "type", Message.Type::parse, Message.Type.values(), t -> t.wire);
        Paging.Request page = paging.request(ctx, "messages\n" + run.id() + "\n" + role + "\n" + type);
        Replies.ok(ctx, paging.answer(page, store.messages().page(run.id(), role, type, page.after(), page.limit()),
                Representations::message));
    }

    private void appendMessage(Context ctx) {
        Run run = lookups.run(ctx);
        Fields fields = new Fields(JsonBody.read(ctx));
        String content = fields.requiredText("content", Integer.MAX_VALUE);
        List<String> contextItemIds = fields.optionalStrings("contextItemIds", 50, 10_000);
        fields.validate();
        requireContextItems(run.projectId(), contextItemIds);
        Message message;
        try {
            message = engine.appendUserMessage(run.id(), content, contextItemIds);
        } catch (RunStateConflict conflict) {
            throw ApiError.conflict(conflict.getMessage());
        }
        // No Location: the contract has no operation that reads a single message.
        Replies.created(ctx, Representations.message(message));
    }

    private void requireContextItems(String projectId, List<String> contextItemIds) {
        List<String> missing = store.contextItems().missing(projectId, contextItemIds);
        if (!missing.isEmpty()) {
            String detail = "Context items not found: " + String.join(", ", missing);
            throw new ApiError(400, detail, List.of(new ApiError.FieldError("contextItemIds", detail)));
        }
    }

    /** An optional enum query parameter; an unknown value is a 400 listing the accepted ones. */
    private static <E> E enumParam(Context ctx, String name, Function<String, Optional<E>> parse, E[] values,
            Function<E, String> wire) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return null;
        }
        return parse.apply(value).orElseThrow(() -> ApiError.invalidField(name, name + " must be one of "
                + Arrays.stream(values).map(wire).collect(Collectors.joining(", "))));
    }
}

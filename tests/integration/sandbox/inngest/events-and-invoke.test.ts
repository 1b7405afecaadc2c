import { afterEach, describe, expect, it } from "vitest";
import { eventually, startEngineWithApp } from "@/tests/fixtures/inngest/engine-harness";

type Harness = Awaited<ReturnType<typeof startEngineWithApp>>;

describe("local Inngest engine: events, triggers and invoke", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  async function post(path: string, body: unknown) {
    const response = await fetch(`${h!.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("ingests one event or an array under any event key, answers their ids and persists them", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });

    const single = await post("/e/any-key-at-all", { name: "test/quick", data: { n: 1 } });
    const batch = await post("/e/another-key", [
      { name: "test/quick", data: { n: 2 } },
      { name: "test/unrelated", data: { x: true }, id: "my-idempotency-key" },
    ]);

    expect(single).toMatchObject({ status: 200, body: { status: 200 } });
    expect(batch.status).toBe(200);
    const ids = [...(single.body.ids as string[]), ...(batch.body.ids as string[])];
    expect(ids).toHaveLength(3);
    const stored = await Promise.all(ids.map((id) => h!.engine.reads.getEvent(id)));
    expect(stored.map((e) => e?.name)).toEqual(["test/quick", "test/quick", "test/unrelated"]);
    expect(stored[2]).toMatchObject({ externalId: "my-idempotency-key", data: { x: true } });
    const runs = await h.engine.reads.runsForEvent(ids[1]!);
    expect((await h.engine.waitForRun(runs[0]!.id)).output).toBe(6);
  });

  it("refuses a body that is not an event, and does not start a run twice for a repeated event id", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });

    expect((await post("/e/key", { data: {} })).status).toBe(400);
    expect((await post("/e/key", [{ name: "" }])).status).toBe(400);
    const first = await post("/e/key", { name: "test/quick", data: { n: 5 }, id: "order-5" });
    const again = await post("/e/key", { name: "test/quick", data: { n: 5 }, id: "order-5" });

    expect(again.body.ids).toEqual(first.body.ids);
    const runs = await h.engine.reads.runsForEvent((first.body.ids as string[])[0]!);
    expect(runs).toHaveLength(1);
  });

  it("returns an invoked function's output to the parent run", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });
    const [eventId] = (await h.app.inngest.send({ name: "test/invoke", data: { n: 21 } })).ids;
    const [parent] = await h.engine.reads.runsForEvent(eventId!);

    const done = await h.engine.waitForRun(parent!.id);

    expect(done.output).toEqual({ ok: true, result: { doubled: 42 } });
    const invoke = (await h.engine.reads.history(parent!.id)).find((e) => e.op === "InvokeFunction");
    expect(invoke?.status).toBe("completed");
    const child = await h.engine.reads.getRun(String(invoke?.detail?.runId));
    expect(child).toMatchObject({ functionId: h.app.fnId("child"), status: "completed", parent: { runId: parent!.id } });
    expect(child?.event.name).toBe("inngest/function.invoked");
  });

  it("throws an invoked function's failure in the parent, which can catch it", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });
    const [eventId] = (await h.app.inngest.send({ name: "test/invoke", data: { n: 4, fail: true } })).ids;
    const [parent] = await h.engine.reads.runsForEvent(eventId!);

    const done = await h.engine.waitForRun(parent!.id);

    expect(done.status).toBe("completed");
    expect(done.output).toEqual({ ok: false, message: "cannot double 4" });
  });

  it("ingests events sent from step code (step.sendEvent and inngest.send) and runs the functions they trigger", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });
    await h.app.inngest.send({ name: "test/emit", data: { tag: "t-1" } });

    await eventually(() => h!.app.probes.received.length === 2, 10_000, "both emitted events to be handled");

    expect(h.app.probes.received.map((r) => r.data).sort((a, b) => String(a.via).localeCompare(String(b.via)))).toEqual([
      { via: "inngest.send", tag: "t-1" },
      { via: "step.sendEvent", tag: "t-1" },
    ]);
    const emitted = await h.engine.reads.listEvents({ name: "test/emitted", limit: 10 });
    expect(emitted).toHaveLength(2);
  });

  it("starts functions from wildcard triggers and only when a trigger expression holds", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });

    await h.app.inngest.send({ name: "wild/anything.happened", data: { w: 1 } });
    const [low] = (await h.app.inngest.send({ name: "test/filtered", data: { priority: 3 } })).ids;
    const [high] = (await h.app.inngest.send({ name: "test/filtered", data: { priority: 9 } })).ids;

    await eventually(() => h!.app.probes.received.some((r) => r.name === "wild/anything.happened"), 10_000, "the wildcard run");
    expect(await h.engine.reads.runsForEvent(low!)).toHaveLength(0);
    const [run] = await h.engine.reads.runsForEvent(high!);
    expect((await h.engine.waitForRun(run!.id)).output).toEqual({ priority: 9 });
  });
});

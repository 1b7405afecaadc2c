import { describe, expect, it } from "vitest";
import { newAccount, startSandbox } from "./helpers";

const started = await startSandbox();

const definition = {
  subscribeTo: "goods-out-note.modified.shipped",
  httpMethod: "POST",
  uriTemplate: "https://app.example.com/api/bp/webhook?inst=13&k=secret",
  contentType: "application/json",
  idSetAccepted: true,
  qualityOfService: 1,
  bodyTemplate: '{"accountCode":"${account-code}","id":"${resource-id}"}',
};

describe("Brightpearl sandbox webhook definitions", () => {
  it("registers a webhook, lists it with its id, and deletes it with {}", async () => {
    const api = newAccount(started);
    const created = await api.call("POST", "/integration-service/webhook", definition);
    expect(created.status).toBe(200);
    const id = created.json.response;
    expect((await api.get("/integration-service/webhook")).json.response).toEqual([{ id, ...definition }]);
    expect((await api.get(`/integration-service/webhook/${id}`)).json.response).toEqual([{ id, ...definition }]);
    const del = await api.call("DELETE", `/integration-service/webhook/${id}`);
    expect(del.status).toBe(200);
    expect(del.json).toEqual({});
    expect((await api.get("/integration-service/webhook")).json.response).toEqual([]);
  });

  it("answers 404 CMNC-404 for an unknown webhook on GET and DELETE", async () => {
    const api = newAccount(started);
    const del = await api.call("DELETE", "/integration-service/webhook/4242");
    expect(del.status).toBe(404);
    expect(del.json.errors[0].code).toBe("CMNC-404");
    expect((await api.get("/integration-service/webhook/4242")).status).toBe(404);
  });

  it("refuses events that do not exist or cannot be subscribed to with INTC-064", async () => {
    const api = newAccount(started);
    for (const subscribeTo of ["order.created", "contact.created", "product.exploded"]) {
      const res = await api.call("POST", "/integration-service/webhook", { ...definition, subscribeTo });
      expect(res.status).toBe(400);
      expect(res.json.errors[0]).toEqual({ code: "INTC-064", message: `${subscribeTo} either does not exist or cannot be subscribed too` });
    }
  });

  it("validates method, URI template, and body template for POST/PUT", async () => {
    const api = newAccount(started);
    const post = (b: Record<string, unknown>) => api.call("POST", "/integration-service/webhook", { ...definition, ...b });
    expect((await post({ httpMethod: "PATCH" })).status).toBe(400);
    expect((await post({ uriTemplate: "not a uri" })).status).toBe(400);
    expect((await post({ bodyTemplate: undefined })).status).toBe(400);
    expect((await post({ qualityOfService: 2 })).status).toBe(400);
    expect((await post({ httpMethod: "GET", bodyTemplate: undefined, contentType: undefined })).status).toBe(200);
  });

  it("keeps each account's webhooks to itself", async () => {
    const a = newAccount(started);
    const b = newAccount(started);
    await a.call("POST", "/integration-service/webhook", definition);
    expect((await b.get("/integration-service/webhook")).json.response).toEqual([]);
  });
});

// Shipments, tracks, invoices and credit memos as separate repositories.
import { ACL } from "../http/acl";
import { trackSpec } from "../http/body-specs";
import { errors } from "../http/errors";
import { body, criteria, intParam, route, type RouteDef } from "../http/route-kit";
import { applySearch, searchResult } from "../http/search-criteria";
import { addTrack } from "../domain/order-operations";
import { creditmemoAccess, creditmemoOutput, invoiceAccess, invoiceOutput, shipmentAccess, shipmentOutput, trackOutput } from "../domain/orders";

const sqlColumnError = () => errors.internal();

export const salesDocumentRoutes: RouteDef[] = [
  route("GET", "/V1/shipments", ACL.shipments, (ctx) => {
    const c = criteria(ctx);
    const outcome = applySearch(ctx.instance.state.shipments, c, { ...shipmentAccess, unknownField: sqlColumnError });
    return searchResult(outcome, c, (s) => shipmentOutput(ctx.instance, s));
  }),
  route("GET", "/V1/shipment/:id", ACL.shipments, (ctx) => {
    const id = intParam(ctx, "id");
    const shipment = ctx.instance.state.shipments.find((s) => s.data.entity_id === id);
    if (!shipment) throw errors.entityNotFound();
    return shipmentOutput(ctx.instance, shipment);
  }),
  route("POST", "/V1/shipment/track", ACL.shipments, (ctx) => {
    const input = body(ctx, { entity: { spec: trackSpec, required: true } });
    const track = addTrack(ctx.instance, input.entity as Record<string, unknown>);
    return trackOutput(track);
  }),
  route("GET", "/V1/invoices", ACL.invoices, (ctx) => {
    const c = criteria(ctx);
    const outcome = applySearch(ctx.instance.state.invoices, c, { ...invoiceAccess, unknownField: sqlColumnError });
    return searchResult(outcome, c, invoiceOutput);
  }),
  route("GET", "/V1/invoices/:id", ACL.invoices, (ctx) => {
    const id = intParam(ctx, "id");
    const invoice = ctx.instance.state.invoices.find((i) => i.data.entity_id === id);
    if (!invoice) throw errors.entityNotFound();
    return invoiceOutput(invoice);
  }),
  route("GET", "/V1/creditmemos", ACL.creditmemos, (ctx) => {
    const c = criteria(ctx);
    const outcome = applySearch(ctx.instance.state.creditmemos, c, { ...creditmemoAccess, unknownField: sqlColumnError });
    return searchResult(outcome, c, creditmemoOutput);
  }),
  route("GET", "/V1/creditmemo/:id", ACL.creditmemos, (ctx) => {
    const id = intParam(ctx, "id");
    const memo = ctx.instance.state.creditmemos.find((m) => m.data.entity_id === id);
    if (!memo) throw errors.entityNotFound();
    return creditmemoOutput(memo);
  }),
];

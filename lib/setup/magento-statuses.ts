// Magento's own order statuses, the state each belongs to and its admin label. Stores add custom
// statuses; discovery lists those it sees on recent orders.
export const MAGENTO_DEFAULT_STATUSES: { status: string; state: string; label: string }[] = [
  { status: "pending", state: "new", label: "Pending" },
  { status: "pending_payment", state: "pending_payment", label: "Pending Payment" },
  { status: "payment_review", state: "payment_review", label: "Payment Review" },
  { status: "fraud", state: "payment_review", label: "Suspected Fraud" },
  { status: "processing", state: "processing", label: "Processing" },
  { status: "holded", state: "holded", label: "On Hold" },
  { status: "complete", state: "complete", label: "Complete" },
  { status: "closed", state: "closed", label: "Closed" },
  { status: "canceled", state: "canceled", label: "Canceled" },
];

export const magentoStatusLabel = (status: string) => MAGENTO_DEFAULT_STATUSES.find((s) => s.status === status)?.label ?? status;

import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Brightpearl ↔ Magento connector", template: "%s · Brightpearl ↔ Magento connector" },
  description: "Every Magento order in Brightpearl exactly once; stock, prices and shipments back in Magento.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: Next.js stamps its scripts with the CSP nonce that proxy.ts
  // generates for that request, which a prerendered page could not carry.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}

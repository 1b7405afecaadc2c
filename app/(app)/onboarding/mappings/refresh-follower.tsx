"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

const EVERY_MS = 1500;
const GIVE_UP_MS = 45_000;

/** While a requested read has not landed yet, reloads the page's data every moment, for a while. */
export function RefreshFollower({ requestedAt }: { requestedAt: number }) {
  const router = useRouter();
  const [gaveUp, setGaveUp] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => {
      if (Date.now() - requestedAt > GIVE_UP_MS) {
        setGaveUp(true);
        clearInterval(timer);
        return;
      }
      router.refresh();
    }, EVERY_MS);
    return () => clearInterval(timer);
  }, [router, requestedAt]);
  return (
    <p role="status" className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900">
      {gaveUp ? "Still reading your set-ups: reload this page in a moment." : "Reading Magento and Brightpearl… this page updates by itself."}
    </p>
  );
}

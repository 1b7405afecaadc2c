import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

// Request signatures are verified by the SDK whenever INNGEST_SIGNING_KEY is set (cloud mode).
export const { GET, POST, PUT } = serve({ client: inngest, functions });

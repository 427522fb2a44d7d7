import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { isApiError, setUnauthorizedHandler } from "./api/client.ts";
import { App } from "./app.tsx";
import { initI18n } from "./i18n/index.ts";
import { navigate } from "./router.ts";
import { loginPagePath } from "./routes.ts";
import { sessionKey } from "./session.ts";

const queryRetriesMax = 2;

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx answer will not change by asking again; an outage or a dropped connection might.
      retry: (failureCount, error) =>
        failureCount < queryRetriesMax && (!isApiError(error) || error.status === 0 || error.status >= 500),
    },
    mutations: { retry: false },
  },
});

setUnauthorizedHandler(() => {
  if (window.location.pathname === "/login") return;
  const here = window.location.pathname + window.location.search;
  const hadSession = queryClient.getQueryData(sessionKey) !== undefined;
  navigate(loginPagePath(here, hadSession), { replace: true });
});

const rootElement = document.getElementById("root");
if (rootElement === null) throw new Error("index.html has no #root element");

void initI18n().then(() => {
  createRoot(rootElement).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
});

import { type RefObject, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/** What a chart module's factory makes: something that resizes and is disposed of. */
export interface LazyChart {
  resize(): void;
  dispose(): void;
}

/**
 * A chart whose module (and ECharts with it, about 1 MB) is imported when the chart is first
 * shown, made in the current language, kept at its element's size, and disposed of when the
 * element goes or the language changes. `load` must keep its identity across renders: define it
 * at module level (`const loadChart = () => import("./x.ts").then((m) => m.createX)`).
 */
export function useLazyChart<Chart extends LazyChart>(
  load: () => Promise<(element: HTMLDivElement, language: string) => Chart>,
): {
  readonly element: RefObject<HTMLDivElement | null>;
  readonly chart: Chart | null;
  readonly failed: boolean;
} {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const element = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<Chart | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let created: Chart | null = null;
    let observer: ResizeObserver | null = null;
    load()
      .then((create) => {
        if (disposed || element.current === null) return;
        created = create(element.current, language);
        const resizing = created;
        observer = new ResizeObserver(() => resizing.resize());
        observer.observe(element.current);
        setChart(created);
      })
      .catch(() => {
        if (!disposed) setFailed(true);
      });
    return () => {
      disposed = true;
      observer?.disconnect();
      created?.dispose();
      setChart(null);
    };
  }, [load, language]);

  return { element, chart, failed };
}

import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { type Locale, locales } from "../../../src/domain/organization/index.ts";
import { setRequestLanguage } from "../api/client.ts";
import { en, type Messages } from "./en.ts";
import { zhCN } from "./zh-CN.ts";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Messages };
  }
}

export const defaultLanguage: Locale = "zh-CN";
const languageStorageKey = "credence.language";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as ReadonlyArray<string>).includes(value);
}

/** The language chosen last in this browser; it shows the login page before we know the user. */
export function storedLanguage(): Locale | null {
  try {
    const value = localStorage.getItem(languageStorageKey);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

export function rememberLanguage(language: Locale): void {
  try {
    localStorage.setItem(languageStorageKey, language);
  } catch {
    // Private browsing may refuse storage; the choice still holds for this page.
  }
}

export function currentLanguage(): Locale {
  const language = i18next.resolvedLanguage ?? i18next.language;
  return isLocale(language) ? language : defaultLanguage;
}

function applyLanguage(language: string): void {
  document.documentElement.lang = language;
  setRequestLanguage(language);
}

export async function initI18n(): Promise<typeof i18next> {
  const initial = storedLanguage() ?? defaultLanguage;
  i18next.on("languageChanged", applyLanguage);
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, "zh-CN": { translation: zhCN } },
    lng: initial,
    fallbackLng: defaultLanguage,
    supportedLngs: [...locales],
    // React escapes what it renders; escaping here too would show entities.
    interpolation: { escapeValue: false },
  });
  applyLanguage(initial);
  return i18next;
}

let languageChosenBeforeSignIn: Locale | null = null;

/** A language picked on the login page is an explicit choice: it wins over the stored profile. */
export function noteLanguageChosenBeforeSignIn(language: Locale): void {
  languageChosenBeforeSignIn = language;
}

export function takeLanguageChosenBeforeSignIn(): Locale | null {
  const language = languageChosenBeforeSignIn;
  languageChosenBeforeSignIn = null;
  return language;
}

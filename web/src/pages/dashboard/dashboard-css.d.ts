/** The dashboard's stylesheet, imported for its side effect; Vite bundles it with the page. */
declare module "*/dashboard.css";

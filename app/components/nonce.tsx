// The CSP nonce of the current document, set by entry.server; empty in the browser, where it is not needed.
import { createContext, useContext } from "react";

export const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);

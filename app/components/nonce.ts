import { createContext, useContext } from 'react';

/** The CSP nonce of this response, for Remix's inline scripts (empty in the browser, where it is not needed). */
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);

// The PKCS#11 numbers this layer uses, written out rather than read from pkcs11js: main then never loads the native
// binding (only the worker does, pkcs11-host.ts), and the vendor numbers pkcs11js does not export sit beside the
// standard ones. Standard values are from PKCS#11 2.40 (pkcs11t.h); Rutoken's from ../shared/devices.md.

export const CKF_SERIAL_SESSION = 0x4;
export const CKF_RW_SESSION = 0x2;
export const CKU_USER = 1;

// Slot flags (CK_SLOT_INFO.flags).
export const CKF_TOKEN_PRESENT = 0x1;
export const CKF_REMOVABLE_DEVICE = 0x2;
export const CKF_HW_SLOT = 0x4;

// Token flags (CK_TOKEN_INFO.flags).
export const CKF_WRITE_PROTECTED = 0x2;
export const CKF_LOGIN_REQUIRED = 0x4;
export const CKF_USER_PIN_INITIALIZED = 0x8;
export const CKF_PROTECTED_AUTHENTICATION_PATH = 0x100;
export const CKF_TOKEN_INITIALIZED = 0x400;
export const CKF_USER_PIN_COUNT_LOW = 0x10000;
export const CKF_USER_PIN_FINAL_TRY = 0x20000;
export const CKF_USER_PIN_LOCKED = 0x40000;
export const CKF_USER_PIN_TO_BE_CHANGED = 0x80000;

// Mechanism flags (CK_MECHANISM_INFO.flags).
export const CKF_SIGN = 0x800;
export const CKF_DERIVE = 0x80000;

export const CKO_CERTIFICATE = 1;
export const CKO_PUBLIC_KEY = 2;
export const CKO_PRIVATE_KEY = 3;
export const CKO_SECRET_KEY = 4;

export const CKA_CLASS = 0x0;
export const CKA_TOKEN = 0x1;
export const CKA_PRIVATE = 0x2;
export const CKA_LABEL = 0x3;
export const CKA_VALUE = 0x11;
export const CKA_KEY_TYPE = 0x100;
export const CKA_ID = 0x102;
export const CKA_SENSITIVE = 0x103;
export const CKA_DERIVE = 0x10c;
export const CKA_SIGN = 0x108;
export const CKA_VERIFY = 0x10a;
export const CKA_VALUE_LEN = 0x161;
export const CKA_EXTRACTABLE = 0x162;
export const CKA_EC_PARAMS = 0x180;
export const CKA_EC_POINT = 0x181;

export const CKK_EC = 0x3;
export const CKK_GENERIC_SECRET = 0x10;
/** GOST R 34.10-2001/2012 (256) key type, standard since PKCS#11 2.30 (Rutoken uses it for 2012 keys too). */
export const CKK_GOSTR3410 = 0x30;

export const CKM_EC_KEY_PAIR_GEN = 0x1040;
export const CKM_ECDSA = 0x1041;
export const CKM_ECDSA_SHA256 = 0x1044;
/** ECDH on the token (PKCS#11 §2.3.16), with CKD_NULL: the derived key's value is the shared x-coordinate itself. */
export const CKM_ECDH1_DERIVE = 0x1050;
export const CKD_NULL = 0x1;
/** pkcs11js's tag for a CK_ECDH1_DERIVE_PARAMS mechanism parameter (its CK_PARAMS_EC_DH, src/common.h). */
export const CK_PARAMS_EC_DH = 6;

/** Rutoken vendor mechanisms (base 0xD4321000): GOST R 34.10-2012 signature with the 34.11-2012 hash on the token. */
export const CKM_GOSTR3410_WITH_GOSTR3411_12_256 = 0xd4321008;
export const CKM_GOSTR3411_12_256 = 0xd4321012;

/** DER of OID 1.2.840.10045.3.1.7 (prime256v1 / secp256r1), the CKA_EC_PARAMS of a P-256 key. */
export const EC_PARAMS_P256 = Buffer.from('06082a8648ce3d030107', 'hex');

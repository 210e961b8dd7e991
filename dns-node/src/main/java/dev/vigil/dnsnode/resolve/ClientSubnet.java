package dev.vigil.dnsnode.resolve;

import java.util.Arrays;

/**
 * An EDNS Client Subnet option (RFC 7871) of a query, checked: FAMILY 1 (IPv4) or 2 (IPv6), SOURCE PREFIX-LENGTH
 * within the family, SCOPE PREFIX-LENGTH 0, exactly {@code ceil(source / 8)} address bytes and no bit set beyond
 * the source prefix. Anything else is malformed, and the query gets FORMERR (RFC 7871 7.1.2 / 6).
 */
record ClientSubnet(int family, int sourcePrefix, byte[] address) {

    static final int CODE = 8;

    /** The option whose data is {@code b[offset, offset+length)}, or null when it is malformed. */
    static ClientSubnet parse(byte[] b, int offset, int length) {
        if (length < 4) {
            return null;
        }
        int familyCode = ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
        int source = b[offset + 2] & 0xFF;
        int scope = b[offset + 3] & 0xFF;
        int family = familyCode == 1 ? 4 : familyCode == 2 ? 6 : 0;
        int bits = family == 4 ? 32 : 128;
        if (family == 0 || source > bits || scope != 0 || length - 4 != (source + 7) / 8) {
            return null;
        }
        byte[] address = Arrays.copyOfRange(b, offset + 4, offset + length);
        if (source % 8 != 0 && (address[address.length - 1] & (0xFF >>> (source % 8))) != 0) {
            return null;
        }
        return new ClientSubnet(family, source, address);
    }

    /** The option's data in a response: the query's FAMILY, SOURCE PREFIX-LENGTH and ADDRESS, with {@code scope}. */
    byte[] responseData(int scope) {
        byte[] out = new byte[4 + address.length];
        out[1] = (byte) (family == 4 ? 1 : 2);
        out[2] = (byte) sourcePrefix;
        out[3] = (byte) scope;
        System.arraycopy(address, 0, out, 4, address.length);
        return out;
    }
}

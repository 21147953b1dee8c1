package io.dataflows.steps.internal.file;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.GOST3411Digest;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.digests.RIPEMD128Digest;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.bouncycastle.crypto.digests.RIPEMD256Digest;
import org.bouncycastle.crypto.digests.RIPEMD320Digest;
import org.bouncycastle.crypto.digests.WhirlpoolDigest;
import org.bouncycastle.crypto.engines.GOST28147Engine;

/**
 * The hash algorithms of PHP that the JDK lacks and Bouncy Castle's lightweight API has: {@code md4},
 * {@code ripemd*}, {@code whirlpool} and {@code gost}/{@code gost-crypto}. A class of its
 * own, loaded only when Bouncy Castle is on the class path (see {@link HashAlgorithms}).
 */
final class BouncyCastleHashes {

    private BouncyCastleHashes() {}

    static Hasher md4() {
        return of(new MD4Digest(), 16);
    }

    static Hasher ripemd(int bits) {
        switch (bits) {
            case 128:
                return of(new RIPEMD128Digest(), 16);
            case 160:
                return of(new RIPEMD160Digest(), 20);
            case 256:
                return of(new RIPEMD256Digest(), 32);
            default:
                return of(new RIPEMD320Digest(), 40);
        }
    }

    static Hasher whirlpool() {
        return of(new WhirlpoolDigest(), 64);
    }

    /** GOST R 34.11-94 with the test parameters of the standard ({@code gost}). */
    static Hasher gost() {
        return of(new GOST3411Digest(GOST28147Engine.getSBox("D-Test")), 32);
    }

    /** GOST R 34.11-94 with the CryptoPro parameters ({@code gost-crypto}), Bouncy Castle's default. */
    static Hasher gostCrypto() {
        return of(new GOST3411Digest(GOST28147Engine.getSBox("D-A")), 32);
    }

    private static Hasher of(Digest digest, int bytes) {
        return new Hasher() {
            @Override
            public void update(byte[] b, int off, int len) {
                digest.update(b, off, len);
            }

            @Override
            public String hex() {
                byte[] out = new byte[digest.getDigestSize()];
                digest.doFinal(out, 0);
                return HexFormat.of().formatHex(Arrays.copyOf(out, bytes));
            }
        };
    }
}

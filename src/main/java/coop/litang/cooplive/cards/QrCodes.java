package coop.litang.cooplive.cards;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * QR codes of links, as SVG (drawn from the code's modules: sharp at any print size) or
 * PNG. Error correction M, a quiet zone of four modules. CPU work: made off the event
 * loop.
 */
final class QrCodes {

	private static final Map<EncodeHintType, Object> HINTS = Map.of(EncodeHintType.ERROR_CORRECTION,
			ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4, EncodeHintType.CHARACTER_SET, "UTF-8");

	private QrCodes() {
	}

	private static BitMatrix matrix(String text, int size) {
		try {
			return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size, HINTS);
		}
		catch (WriterException ex) {
			throw new IllegalArgumentException("cannot encode " + text + " as a QR code", ex);
		}
	}

	/** The code as an SVG document, one path of unit squares, scaled by the viewer. */
	static byte[] svg(String text) {
		BitMatrix modules = matrix(text, 0);
		int width = modules.getWidth();
		StringBuilder path = new StringBuilder();
		for (int y = 0; y < modules.getHeight(); y++) {
			for (int x = 0; x < width; x++) {
				if (modules.get(x, y)) {
					int run = 1;
					while (x + run < width && modules.get(x + run, y)) {
						run++;
					}
					path.append('M')
						.append(x)
						.append(' ')
						.append(y)
						.append('h')
						.append(run)
						.append("v1h-")
						.append(run)
						.append('z');
					x += run - 1;
				}
			}
		}
		String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + width + " " + modules.getHeight()
				+ "\" shape-rendering=\"crispEdges\"><title>" + escape(text) + "</title><rect width=\"100%\" "
				+ "height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
		return svg.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	/** The code as a PNG about {@code size} pixels square (whole pixels per module). */
	static byte[] png(String text, int size) {
		BitMatrix modules = matrix(text, size);
		BufferedImage image = new BufferedImage(modules.getWidth(), modules.getHeight(),
				BufferedImage.TYPE_BYTE_BINARY);
		for (int y = 0; y < modules.getHeight(); y++) {
			for (int x = 0; x < modules.getWidth(); x++) {
				image.setRGB(x, y, modules.get(x, y) ? 0xFF000000 : 0xFFFFFFFF);
			}
		}
		try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}

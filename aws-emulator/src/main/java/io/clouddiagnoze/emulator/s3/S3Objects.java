package io.clouddiagnoze.emulator.s3;

import com.fasterxml.jackson.databind.JsonNode;
import io.clouddiagnoze.emulator.protocol.ApiError;
import io.clouddiagnoze.emulator.protocol.Params;
import io.clouddiagnoze.emulator.protocol.Reply;
import io.clouddiagnoze.emulator.protocol.XmlWriter;
import io.clouddiagnoze.emulator.server.CallContext;
import io.clouddiagnoze.emulator.server.ServiceCall;
import io.clouddiagnoze.emulator.s3.ObjectStore.ObjectBucket;
import io.clouddiagnoze.emulator.s3.ObjectStore.StoredObject;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object storage on buckets the caller made through the API: CreateBucket, PutObject, GetObject, HeadObject,
 * DeleteObject, HeadBucket and ListObjectsV2 (prefix, delimiter, start-after, max-keys, continuation tokens and
 * url encoding of keys, as the AWS CLI asks for them). Objects live in {@link ObjectStore}, in memory.
 */
final class S3Objects {
    private static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final Pattern LOCATION = Pattern.compile("<LocationConstraint>([^<]*)</LocationConstraint>");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final int MAX_KEYS = 1000;

    private final ObjectStore store = new ObjectStore();

    /** Whether the call is this class's: a bucket to make, or any call on a bucket made through the API. */
    boolean handles(ServiceCall call, CallContext context) {
        return call.operation().equals("CreateBucket")
                || store.bucket(context.account().id(), Params.text(call.input(), "Bucket")).isPresent();
    }

    Reply handle(ServiceCall call, CallContext context) {
        String accountId = context.account().id();
        String name = Params.text(call.input(), "Bucket");
        if (call.operation().equals("CreateBucket")) {
            return create(call, context, accountId, name);
        }
        ObjectBucket bucket = store.bucket(accountId, name).orElseThrow();
        String key = key(call);
        return switch (call.operation()) {
            case "HeadBucket" -> Reply.empty(200).withHeader("x-amz-bucket-region", bucket.region());
            case "ListObjectsV2" -> list(call.input(), bucket);
            case "PutObject" -> put(call, bucket, key);
            case "GetObject" -> get(bucket, key, true);
            case "HeadObject" -> get(bucket, key, false);
            case "DeleteObject" -> {
                bucket.objects().remove(key);
                yield Reply.empty(204);
            }
            default -> throw call.protocol().unknownOperation(call.operation());
        };
    }

    private Reply create(ServiceCall call, CallContext context, String accountId, String name) {
        if (!name.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new ApiError(400, "InvalidBucketName", "The specified bucket is not valid.");
        }
        Matcher location = LOCATION.matcher(call.request().bodyText());
        String region = location.find() && !location.group(1).isEmpty() ? location.group(1) : context.region();
        if (!store.create(accountId, name, region, Instant.now())) {
            throw new ApiError(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.");
        }
        return Reply.empty(200).withHeader("Location", "/" + name);
    }

    private static Reply put(ServiceCall call, ObjectBucket bucket, String key) {
        byte[] content = AwsChunked.content(call.request());
        String type = call.request().header("content-type");
        String etag = "\"" + HexFormat.of().formatHex(md5(content)) + "\"";
        bucket.objects().put(key, new StoredObject(content, type == null ? "binary/octet-stream" : type, Instant.now(), etag));
        return Reply.empty(200).withHeader("ETag", etag);
    }

    private static Reply get(ObjectBucket bucket, String key, boolean withContent) {
        StoredObject object = bucket.objects().get(key);
        if (object == null) {
            throw withContent ? new ApiError(404, "NoSuchKey", "The specified key does not exist.") : new ApiError(404, "NotFound", "Not Found");
        }
        Reply reply = withContent ? Reply.of(200, object.contentType(), object.content())
                : Reply.empty(200).withHeader("Content-Type", object.contentType()).withHeader("Content-Length", String.valueOf(object.content().length));
        return reply.withHeader("ETag", object.etag()).withHeader("Last-Modified", HTTP_DATE.format(object.lastModified()))
                .withHeader("Accept-Ranges", "bytes");
    }

    private static Reply list(JsonNode input, ObjectBucket bucket) {
        String prefix = orEmpty(Params.text(input, "prefix"));
        String delimiter = Params.text(input, "delimiter");
        String startAfter = Params.text(input, "start-after");
        String token = Params.text(input, "continuation-token");
        Integer asked = Params.integer(input, "max-keys");
        int max = asked == null ? MAX_KEYS : Math.max(0, Math.min(asked, MAX_KEYS));
        boolean urlEncoded = "url".equals(Params.text(input, "encoding-type"));
        String after = token != null ? resumeKey(token) : startAfter;

        List<Map.Entry<String, StoredObject>> contents = new ArrayList<>();
        TreeSet<String> commonPrefixes = new TreeSet<>();
        String last = null;
        boolean truncated = false;
        var candidates = after == null ? bucket.objects().tailMap(prefix, true) : bucket.objects().tailMap(after, false);
        for (Map.Entry<String, StoredObject> entry : candidates.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(prefix)) {
                if (key.compareTo(prefix) > 0 && !prefix.isEmpty()) {
                    break;
                }
                continue;
            }
            int cut = delimiter == null || delimiter.isEmpty() ? -1 : key.indexOf(delimiter, prefix.length());
            String rolledUp = cut < 0 ? null : key.substring(0, cut + delimiter.length());
            if (rolledUp != null && commonPrefixes.contains(rolledUp)) {
                last = key;
                continue;
            }
            if (contents.size() + commonPrefixes.size() == max) {
                truncated = true;
                break;
            }
            if (rolledUp != null) {
                commonPrefixes.add(rolledUp);
            } else {
                contents.add(entry);
            }
            last = key;
        }
        String next = truncated ? Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)) : null;
        XmlWriter xml = new XmlWriter().start("ListBucketResult", "xmlns", NAMESPACE)
                .element("Name", bucket.name()).element("Prefix", encoded(prefix, urlEncoded))
                .element("Delimiter", delimiter == null ? null : encoded(delimiter, urlEncoded))
                .element("StartAfter", startAfter == null ? null : encoded(startAfter, urlEncoded))
                .element("MaxKeys", max).element("KeyCount", contents.size() + commonPrefixes.size())
                .element("IsTruncated", truncated).element("ContinuationToken", token).element("NextContinuationToken", next)
                .element("EncodingType", urlEncoded ? "url" : null);
        for (Map.Entry<String, StoredObject> entry : contents) {
            StoredObject object = entry.getValue();
            xml.start("Contents").element("Key", encoded(entry.getKey(), urlEncoded)).element("LastModified", object.lastModified())
                    .element("ETag", object.etag()).element("Size", object.content().length).element("StorageClass", "STANDARD").end();
        }
        commonPrefixes.forEach(common -> xml.start("CommonPrefixes").element("Prefix", encoded(common, urlEncoded)).end());
        return Reply.xml(200, xml.end());
    }

    /** The object key of the request: the path after the bucket, decoded. */
    private static String key(ServiceCall call) {
        String[] path = call.request().path().replaceFirst("^/", "").split("/", 2);
        return path.length < 2 ? "" : URLDecoder.decode(path[1].replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String resumeKey(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "InvalidArgument", "The continuation token provided is incorrect");
        }
    }

    private static String encoded(String text, boolean urlEncoded) {
        return urlEncoded ? URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20") : text;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static byte[] md5(byte[] content) {
        try {
            return MessageDigest.getInstance("MD5").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}

package io.clouddiagnoze.emulator.s3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clouddiagnoze.emulator.protocol.ApiError;
import io.clouddiagnoze.emulator.protocol.Paging;
import io.clouddiagnoze.emulator.protocol.Params;
import io.clouddiagnoze.emulator.protocol.Protocol;
import io.clouddiagnoze.emulator.protocol.QueryParser;
import io.clouddiagnoze.emulator.protocol.Reply;
import io.clouddiagnoze.emulator.protocol.XmlWriter;
import io.clouddiagnoze.emulator.server.AwsRequest;
import io.clouddiagnoze.emulator.server.CallContext;
import io.clouddiagnoze.emulator.server.ServiceCall;
import io.clouddiagnoze.emulator.server.ServiceErrors;
import io.clouddiagnoze.emulator.server.ServiceHandler;
import io.clouddiagnoze.emulator.state.Account;
import io.clouddiagnoze.emulator.state.Bucket;
import io.clouddiagnoze.emulator.state.Hashing;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * S3 over path-style REST: ListBuckets and the bucket-level reads scanners make (GetBucketPolicy answers the policy
 * document as the fixture gives it), the account's public access block from S3 Control ({@link S3Control}), and
 * objects in buckets made through the API ({@link S3Objects}). Bucket names are scoped to the caller's account, so
 * tenants with copies of the same fixture do not collide. Bucket requests are answered whatever region they were signed
 * for.
 */
public final class S3Handler implements ServiceHandler {

    private static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    private static final String AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    private static final ServiceErrors ERRORS = new ServiceErrors(503, "SlowDown", "Please reduce your request rate.",
            403, "AccessDenied");

    private final S3Objects objects = new S3Objects();

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public Protocol protocol(AwsRequest request) {
        return S3Control.handles(request) ? Protocol.REST_XML_WRAPPED : Protocol.REST_XML;
    }

    @Override
    public ServiceErrors errors() {
        return ERRORS;
    }

    /** Names the operation from method, path depth and sub-resource, e.g. GET /bucket?acl is GetBucketAcl. */
    @Override
    public ServiceCall identify(AwsRequest request) {
        if (S3Control.handles(request)) {
            return S3Control.identify(request);
        }
        ObjectNode query = QueryParser.parse(request.rawQuery());
        String[] path = request.path().replaceFirst("^/", "").split("/", 2);
        query.put("Bucket", path[0]);
        return new ServiceCall(operation(request.method(), path, query), Protocol.REST_XML, query, request);
    }

    private static String operation(String method, String[] path, ObjectNode query) {
        String explicit = Params.text(query, "x-id");
        if (explicit != null) {
            return explicit;
        }
        if (path[0].isEmpty()) {
            return method.equals("GET") ? "ListBuckets" : method + "Service";
        }
        boolean objectLevel = path.length > 1 && !path[1].isEmpty();
        String subresource = subresource(query);
        if (method.equals("HEAD")) {
            return objectLevel ? "HeadObject" : "HeadBucket";
        }
        // A listing's parameters may be empty (the CLI sends prefix=): list-type names it before any sub-resource.
        if (!objectLevel && method.equals("GET") && "2".equals(Params.text(query, "list-type"))) {
            return "ListObjectsV2";
        }
        if (!objectLevel && subresource.isEmpty() && method.equals("GET")) {
            return "ListObjects";
        }
        if (!objectLevel && subresource.isEmpty() && method.equals("PUT")) {
            return "CreateBucket";
        }
        String verb = switch (method) {
            case "GET" -> "Get";
            case "PUT" -> "Put";
            case "DELETE" -> "Delete";
            default -> "Post";
        };
        if (subresource.equals("publicAccessBlock")) {
            return verb + "PublicAccessBlock";
        }
        return verb + (objectLevel ? "Object" : "Bucket") + capitalized(subresource);
    }

    @Override
    public Reply handle(ServiceCall call, CallContext context) {
        Account account = context.account();
        if (S3Control.handles(call.request())) {
            return S3Control.handle(call, context);
        }
        if (call.operation().equals("ListBuckets")) {
            return listBuckets(call, account);
        }
        if (objects.handles(call, context)) {
            return objects.handle(call, context);
        }
        String name = Params.text(call.input(), "Bucket");
        if (name.isEmpty()) {
            throw call.protocol().unknownOperation(call.operation());
        }
        // As in S3, a missing bucket is reported before anything else about the request.
        Bucket bucket = account.bucket(name).orElseThrow(() ->
                new ApiError(404, "NoSuchBucket", "The specified bucket does not exist"));
        return switch (call.operation()) {
            case "HeadBucket" -> Reply.empty(200).withHeader("x-amz-bucket-region", bucket.region())
                    .withHeader("x-amz-access-point-alias", "false");
            // us-east-1 is the empty LocationConstraint, for historical reasons
            case "GetBucketLocation" -> Reply.xml(200, new XmlWriter().start("LocationConstraint", "xmlns", NAMESPACE)
                    .text("us-east-1".equals(bucket.region()) ? "" : bucket.region()).end());
            case "GetBucketEncryption" -> encryption(bucket);
            case "GetBucketVersioning" -> document("VersioningConfiguration", xml -> xml.element("Status", bucket.versioning())
                    .element("MfaDelete", bucket.mfaDelete()));
            case "GetPublicAccessBlock" -> publicAccessBlock(bucket);
            case "GetBucketPolicy" -> Reply.json(200, withPolicy(bucket).policy().toString());
            case "GetBucketPolicyStatus" -> {
                boolean isPublic = withPolicy(bucket).policyPublic();
                yield document("PolicyStatus", xml -> xml.element("IsPublic", isPublic));
            }
            case "GetBucketAcl" -> acl(bucket, account.id());
            case "GetBucketTagging" -> tagging(bucket);
            default -> throw call.protocol().unknownOperation(call.operation());
        };
    }

    private Reply listBuckets(ServiceCall call, Account account) {
        Integer maxBuckets = Params.integer(call.input(), "max-buckets");
        String prefix = Params.text(call.input(), "prefix");
        String region = Params.text(call.input(), "bucket-region");
        Paging.Page<Bucket> page = Paging.page(account.buckets(),
                bucket -> (prefix == null || bucket.name().startsWith(prefix))
                        && (region == null || bucket.region().equals(region)),
                Params.text(call.input(), "continuation-token"), maxBuckets == null ? 10_000 : maxBuckets,
                "InvalidArgument");
        return document("ListAllMyBucketsResult", xml -> {
            owner(xml, account.id());
            xml.start("Buckets");
            page.items().forEach(bucket -> xml.start("Bucket").element("Name", bucket.name())
                    .element("CreationDate", bucket.creationDate()).element("BucketRegion", bucket.region()).end());
            xml.end().element("ContinuationToken", page.nextToken()).element("Prefix", prefix);
        });
    }

    /** The bucket, when it has a policy; S3 answers 404 otherwise. */
    private static Bucket withPolicy(Bucket bucket) {
        if (bucket.policy() == null) {
            throw new ApiError(404, "NoSuchBucketPolicy", "The bucket policy does not exist");
        }
        return bucket;
    }

    private static Reply encryption(Bucket bucket) {
        if (bucket.encryption() == null) {
            throw new ApiError(404, "ServerSideEncryptionConfigurationNotFoundError",
                    "The server side encryption configuration was not found");
        }
        return document("ServerSideEncryptionConfiguration", xml -> xml.start("Rule")
                .start("ApplyServerSideEncryptionByDefault")
                .element("SSEAlgorithm", bucket.encryption())
                .element("KMSMasterKeyID", bucket.kmsKeyId())
                .end()
                .element("BucketKeyEnabled", "aws:kms".equals(bucket.encryption()))
                .end());
    }

    /** The bucket's tag set; S3 answers 404 for a bucket without tags. */
    private static Reply tagging(Bucket bucket) {
        if (bucket.tags().isEmpty()) {
            throw new ApiError(404, "NoSuchTagSet", "The TagSet does not exist");
        }
        return document("Tagging", xml -> {
            xml.start("TagSet");
            bucket.tags().forEach((key, value) -> xml.start("Tag").element("Key", key).element("Value", value).end());
            xml.end();
        });
    }

    private static Reply publicAccessBlock(Bucket bucket) {
        Bucket.PublicAccessBlock block = bucket.publicAccessBlock();
        if (block == null) {
            throw new ApiError(404, "NoSuchPublicAccessBlockConfiguration",
                    "The public access block configuration was not found");
        }
        return document("PublicAccessBlockConfiguration", xml -> flags(xml, block));
    }

    /** The four Block Public Access switches, as S3 and S3 Control both write them. */
    static XmlWriter flags(XmlWriter xml, Bucket.PublicAccessBlock block) {
        return xml.element("BlockPublicAcls", block.blockPublicAcls())
                .element("IgnorePublicAcls", block.ignorePublicAcls())
                .element("BlockPublicPolicy", block.blockPublicPolicy())
                .element("RestrictPublicBuckets", block.restrictPublicBuckets());
    }

    /** The owner's FULL_CONTROL grant plus the group grants its canned ACL implies. */
    private static Reply acl(Bucket bucket, String accountId) {
        return document("AccessControlPolicy", xml -> {
            owner(xml, accountId);
            xml.start("AccessControlList");
            xml.start("Grant").start("Grantee", "xmlns:xsi", XSI, "xsi:type", "CanonicalUser")
                    .element("ID", canonicalId(accountId)).element("DisplayName", "owner-" + accountId).end()
                    .element("Permission", "FULL_CONTROL").end();
            switch (bucket.acl()) {
                case "public-read" -> groupGrant(xml, ALL_USERS, "READ");
                case "public-read-write" -> {
                    groupGrant(xml, ALL_USERS, "READ");
                    groupGrant(xml, ALL_USERS, "WRITE");
                }
                case "authenticated-read" -> groupGrant(xml, AUTHENTICATED_USERS, "READ");
                default -> {
                    // private: the owner's grant only
                }
            }
            xml.end();
        });
    }

    private static void groupGrant(XmlWriter xml, String groupUri, String permission) {
        xml.start("Grant").start("Grantee", "xmlns:xsi", XSI, "xsi:type", "Group").element("URI", groupUri).end()
                .element("Permission", permission).end();
    }

    private static void owner(XmlWriter xml, String accountId) {
        xml.start("Owner").element("ID", canonicalId(accountId)).element("DisplayName", "owner-" + accountId).end();
    }

    private static String canonicalId(String accountId) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            id.append(String.format("%016x", Hashing.of(Hashing.of(accountId), i)));
        }
        return id.toString();
    }

    private static Reply document(String root, Consumer<XmlWriter> content) {
        XmlWriter xml = new XmlWriter().start(root, "xmlns", NAMESPACE);
        content.accept(xml);
        return Reply.xml(200, xml.end());
    }

    /** A sub-resource is a query key without a value ({@code ?acl}), the way S3 names bucket settings. */
    private static String subresource(ObjectNode query) {
        Iterator<String> names = query.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("Bucket") && query.get(name).isTextual() && query.get(name).asText().isEmpty()) {
                return name;
            }
        }
        return "";
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
